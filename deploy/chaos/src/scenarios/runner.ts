import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { type SimulatorAdmin, type SimulatorStats } from '@app/stack-client';

import { alertCriterion, RESOLVE_WAIT_MS, waitAlertInactive, watchAlert } from '../checks/alert-check.js';
import { countUndelivered, runChecks } from '../checks/consistency-checks.js';
import { LoadGenerator } from '../load/load-generator.js';
import { type HttpTarget } from '../load/loopback-http.js';
import { type MerchantSink } from '../merchant/merchant-sink.js';
import { renderScenarioMarkdown } from '../report/markdown-report.js';
import { type ScenarioResult } from '../report/run-result.js';
import { renderTimelineSvg } from '../report/svg-timeline.js';
import { type StackControl } from '../stack/stack-control.js';
import { allPass, type Criterion } from './criteria.js';
import { processingPayments, until } from './faults.js';
import { messageOf } from './guard.js';
import { clientDuplicateKeys, measure } from './measurements.js';
import { type Scenario, type ScenarioContext } from './scenario.js';

/** Longer than a delivery lease (2 × the 15 s delivery timeout + 1 s), so a relay killed mid-send is covered. */
const DELIVERY_SETTLE_MS = 45_000;

export interface RunnerOptions {
  stack: StackControl;
  sim: SimulatorAdmin;
  merchant: MerchantSink;
  target: HttpTarget;
  users: number;
  runId: string;
  outDir: string;
  log: (message: string) => void;
}

function emptyResult(s: Scenario, o: RunnerOptions): ScenarioResult {
  return {
    name: s.name, title: s.title, fault: s.fault, passWhen: s.passWhen, ci: s.ci, outcome: 'error',
    startedAt: new Date().toISOString(), users: o.users, facts: {}, criteria: [],
  };
}

/**
 * One scenario, never rejecting: whatever step fails (load set-up, recovery, the checks against a
 * database that went away) ends as an `error` outcome with its reason, and the report is written.
 */
export async function runScenario(s: Scenario, o: RunnerOptions): Promise<ScenarioResult> {
  const result = emptyResult(s, o);
  try {
    return await runSteps(s, o, result);
  } catch (err) {
    const failed: ScenarioResult = { ...result, outcome: 'error', reason: `the runner failed: ${messageOf(err)}` };
    o.log(`[${s.name}] ERROR: ${failed.reason}`);
    try {
      writeScenarioReport(failed, o.outDir);
    } catch (writeErr) {
      o.log(`[${s.name}] could not write its report: ${messageOf(writeErr)}`);
    }
    return failed;
  }
}

/** steady load → fault → recovery → checks for one scenario; writes its records and report. */
async function runSteps(s: Scenario, o: RunnerOptions, result: ScenarioResult): Promise<ScenarioResult> {
  const log = (m: string): void => o.log(`[${s.name}] ${m}`);
  try {
    await o.stack.waitHealthy(180_000);
  } catch (err) {
    return { ...result, reason: `stack not healthy before the scenario: ${(err as Error).message}` };
  }
  // An earlier scenario's fault (a switchover's leader change) may still hold this alert active.
  if (s.alert !== undefined && !(await waitAlertInactive(o.stack, s.alert, RESOLVE_WAIT_MS).catch(() => true))) {
    log(`alert ${s.alert} still active from before the scenario; its check will say so`);
  }
  let faultAt: number | undefined;
  const baseCtx = { stack: o.stack, sim: o.sim, merchant: o.merchant, facts: result.facts, log, now: () => 0, markFault: () => undefined };
  const why = await s.notRunnable?.(baseCtx).catch((err: Error) => `could not probe: ${err.message}`);
  if (why !== undefined) {
    log(`not runnable: ${why}`);
    return { ...result, outcome: 'not-runnable', reason: why };
  }

  await o.sim.reset();
  const steadyMs = s.steadyMs ?? 15_000;
  const load = new LoadGenerator({
    target: o.target, users: o.users, firstSourceOctet: 2, tag: `${o.runId}-${s.name}`,
    thinkMs: [100, 300], maxDurationMs: 20 * 60_000, maxOps: 500_000, merchant: o.merchant,
  });
  const ready = await load.setUp();
  if (ready < o.users) log(`only ${ready} of ${o.users} virtual users could register and log in`);
  if (ready === 0) return { ...result, reason: 'no virtual user could register and log in before the fault' };
  const endpointDisabledFor: string[] = [];
  const ctx: ScenarioContext = {
    ...baseCtx, load, endpointDisabledFor, now: () => load.ledger.now(),
    markFault: () => {
      faultAt ??= load.ledger.now();
    },
  };
  load.start();
  log(`steady load for ${steadyMs / 1000} s`);
  await sleep(steadyMs);

  const injectStart = load.ledger.now();
  let faultEndMs = injectStart;
  try {
    log(`fault: ${s.fault}`);
    await s.inject(ctx);
    faultEndMs = load.ledger.now();
    log(`fault over after ${((faultEndMs - (faultAt ?? injectStart)) / 1000).toFixed(1)} s; waiting for recovery`);
    await s.recover(ctx);
    log(`recovered ${((load.ledger.now() - (faultAt ?? injectStart)) / 1000).toFixed(1)} s after the fault`);
    const health = await o.stack.sh('paymentHealth', {}, 10_000).catch((err: Error) => err.message);
    result.facts['payments health via nginx after recovery'] = health.slice(0, 300);
    await sleep(s.afterMs ?? 10_000);
  } catch (err) {
    result.reason = `fault or recovery step failed: ${messageOf(err)}`;
    log(result.reason);
  } finally {
    await load.stop();
  }
  const endMs = load.ledger.now();
  const faultMs = faultAt ?? injectStart;
  log(`load stopped: ${load.ledger.records.length} attempts, ${load.ledger.ackedPayments.length} payments acknowledged`);

  const writerUrl = o.stack.writerUrl();
  const settled = await until(s.settleMs ?? 20_000, async () => ((await processingPayments({ stack: o.stack })) === 0 ? true : undefined), 2_000);
  if (settled === undefined) log('payments still processing when the checks start');
  // Relays deliver right after the commit; a delivery whose relay died waits out its lease first.
  const delivered = await until(DELIVERY_SETTLE_MS, async () => ((await countUndelivered(writerUrl, load.userIds)) === 0 ? true : undefined), 2_000);
  if (delivered === undefined) log('merchant webhook deliveries still pending when the checks start');
  let provider: SimulatorStats | undefined;
  let providerSkipReason: string | undefined;
  if (s.providerComparable === false) providerSkipReason = 'the fault restarts the simulator, whose counters live in memory';
  else {
    try {
      provider = JSON.parse(await o.stack.sh('simulatorStats', {}, 10_000)) as SimulatorStats;
    } catch (err) {
      providerSkipReason = `simulator stats unavailable: ${(err as Error).message}`;
    }
  }

  // After a failed recovery the database may be gone, or go mid-query: that fails the checks, not the run.
  let checkError: string | undefined;
  const checks = await runChecks(writerUrl, {
    ackedPayments: load.ledger.ackedPayments, ackedRefunds: load.ledger.ackedRefunds, userIds: load.userIds,
    provider, providerSkipReason, clientDuplicateKeys: clientDuplicateKeys(load.ledger.records),
    merchant: { received: o.merchant.stats.received, redelivered: o.merchant.redelivered, badSignatures: o.merchant.stats.badSignatures, endpointDisabledFor },
  }).catch((err: unknown) => {
    checkError = `the data checks could not run: ${messageOf(err)}`;
    result.reason ??= checkError;
    log(checkError);
    return undefined;
  });
  const alertCriteria = s.alert === undefined ? [] : [await alertOf(s.alert, o.stack, load.ledger.startedAt.getTime() + faultMs, result.facts)];
  const m = measure(load.ledger.records, faultMs, faultEndMs, endMs);
  result.measurements = m;
  result.checks = checks;
  const checked = checks === undefined
    ? [{ name: 'data checks ran against the database', pass: false, detail: checkError ?? 'no check results' }]
    : s.criteria({ m, checks, facts: result.facts });
  result.criteria = [...checked, ...alertCriteria];
  result.outcome = result.reason === undefined && allPass(result.criteria) ? 'pass' : 'fail';
  result.facts['wall clock of load ms 0'] = load.ledger.startedAt.toISOString();
  result.facts['webhooks at the simulator'] = provider?.webhooks ?? 'n/a';

  mkdirSync(o.outDir, { recursive: true });
  writeFileSync(path.join(o.outDir, `${s.name}.records.ndjson`), load.ledger.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  for (const name of (result.facts['faulted processes'] as string[] | undefined) ?? []) {
    const logs = await o.stack.sh('logs', { name }, 30_000).catch((err: Error) => err.message);
    writeFileSync(path.join(o.outDir, `${s.name}.${name}.log`), logs);
  }
  writeScenarioReport(result, o.outDir);
  log(`${result.outcome.toUpperCase()}: ${result.criteria.filter((c) => !c.pass).map((c) => c.name).join('; ') || 'all criteria met'}`);
  return result;
}

/** The scenario's alert as Prometheus saw it; its course lands in the report's facts. */
async function alertOf(alert: string, stack: StackControl, faultAtMs: number, facts: Record<string, unknown>): Promise<Criterion> {
  try {
    const course = await watchAlert(stack, alert, faultAtMs);
    facts[`alert ${alert}`] = course;
    return alertCriterion(course);
  } catch (err) {
    return { name: `alert ${alert} went off during the fault and resolved after`, pass: false, detail: `Prometheus could not be asked: ${(err as Error).message}` };
  }
}

export function writeScenarioReport(result: ScenarioResult, dir: string): void {
  mkdirSync(dir, { recursive: true });
  let svg: string | undefined;
  if (result.measurements !== undefined) {
    svg = `${result.name}.svg`;
    const m = result.measurements;
    writeFileSync(path.join(dir, svg), renderTimelineSvg({ title: `${result.title}: ${result.fault}`, points: m.timeline, faultMs: m.faultMs, faultEndMs: m.faultEndMs }));
  }
  writeFileSync(path.join(dir, `${result.name}.md`), renderScenarioMarkdown(result, svg));
}
