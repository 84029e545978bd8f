import { setTimeout as sleep } from 'node:timers/promises';

import { countUndelivered } from '../checks/consistency-checks.js';
import { webhookBacklog, webhookDeadLetters } from '../stack/webhook-backlog.js';
import { everyScenario, fact, noFailedOps } from './criteria.js';
import { until } from './faults.js';
import { type Scenario } from './scenario.js';

const MERCHANTS_DOWN_MS = 30_000;
const DRAIN_LIMIT_MS = 60_000;

/**
 * The merchants' side fails, not ours: every webhook endpoint answers 503 for a while and one
 * answers 410 Gone. The operator then follows deploy/runbooks/webhook-backlog.md: look at the
 * backlog and the dead letters, send the backlog now, enable the retired endpoint again and replay
 * its dead letters. Payments must not notice any of it.
 */
export const webhookBacklogScenario: Scenario = {
  name: 'webhook-backlog',
  title: 'Merchant endpoints down: webhook backlog and dead letters',
  fault: `every merchant webhook endpoint answers 503 for ${MERCHANTS_DOWN_MS / 1000} s; one answers 410 Gone (retired); then the operator replays (replay-webhooks --now, --endpoint --enable)`,
  passWhen: '0 failed requests; the 410 disables that endpoint and dead-letters its delivery; after the replay every delivery reaches its merchant, correctly signed, within 60 s',
  ci: false,
  async inject(ctx) {
    const retired = ctx.load.readyUsers[0];
    if (retired?.endpointId === undefined || retired.userId === undefined) throw new Error('no virtual user with a webhook endpoint');
    ctx.facts['retired endpoint'] = retired.endpointId;
    ctx.endpointDisabledFor.push(retired.userId);
    ctx.markFault();
    ctx.merchant.answerAll('unavailable');
    ctx.merchant.answerFor(retired.tag, 'gone');
    await sleep(MERCHANTS_DOWN_MS);
    ctx.facts['deliveries by status at the end of the outage'] = await webhookBacklog(ctx);
    const dead = await webhookDeadLetters(ctx);
    ctx.facts['dead letters at the end of the outage'] = dead;
    ctx.facts['retired endpoint disabled by its 410, delivery dead-lettered'] = dead.some(
      (d) => d.endpointId === retired.endpointId && d.reason.includes('410') && d.count > 0,
    );
    ctx.facts['merchant refusals'] = { ...ctx.merchant.stats.refused };
    ctx.merchant.answerAll('ok');
    ctx.merchant.answerFor(retired.tag, undefined);
  },
  async recover(ctx) {
    const replayAt = new Date();
    const t0 = Date.now();
    ctx.facts['replay --endpoint --enable'] = lastLogLine(
      await ctx.stack.sh('webhookReplayEndpoint', { endpoint: String(ctx.facts['retired endpoint']) }, 60_000),
    );
    ctx.facts['replay --now'] = lastLogLine(await ctx.stack.sh('webhookRetryNow', {}, 60_000));
    // The load keeps adding deliveries: the backlog is what existed when the operator replayed.
    const drained = await until(DRAIN_LIMIT_MS, async () => ((await countUndelivered(ctx.stack.writerUrl(), ctx.load.userIds, replayAt)) === 0 ? true : undefined), 1_000);
    ctx.facts['backlog drained after the replay'] = drained === true;
    ctx.facts['backlog drain seconds (from the replay)'] = Math.round((Date.now() - t0) / 100) / 10;
    ctx.facts['deliveries by status after the replay'] = await webhookBacklog(ctx);
  },
  criteria: (e) => [
    noFailedOps(e),
    fact(e, 'the 410 disabled the retired endpoint and dead-lettered its delivery', 'retired endpoint disabled by its 410, delivery dead-lettered'),
    fact(e, `backlog drained within ${DRAIN_LIMIT_MS / 1000} s of the replay`, 'backlog drained after the replay'),
    ...everyScenario(e),
  ],
};

/** The tool's summary line (pino JSON), for the report. */
function lastLogLine(output: string): unknown {
  const line = output.trim().split('\n').pop() ?? '';
  try {
    const { replayed, pending_due_now, endpoint_enabled } = JSON.parse(line) as Record<string, unknown>;
    return { replayed, pending_due_now, endpoint_enabled };
  } catch {
    return line.slice(0, 200);
  }
}
