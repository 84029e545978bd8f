import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { instancesOf } from '@app/stack-client';

import { everyScenario, fact } from './criteria.js';
import { descendantsOf, signalAll } from '../stack/processes.js';
import { noteFaulted, patroniList } from './faults.js';
import { type Scenario, type ScenarioContext } from './scenario.js';

/** Load that only the archived WAL carries: written after the backup, before the disaster. */
const AFTER_BACKUP_MS = 15_000;

const seconds = (fromMs: number): number => Math.round((Date.now() - fromMs) / 100) / 10;

/** How long Patroni may take to see its Postgres gone; until then `./stack restore` refuses, as it must. */
const LEADER_GONE_WAIT_MS = 60_000;

/** The runbook's restore, retried while Patroni still answers as a healthy leader for a lost node. */
async function restoreOnceLeaderGone(ctx: ScenarioContext): Promise<string> {
  const deadline = Date.now() + LEADER_GONE_WAIT_MS;
  for (;;) {
    try {
      return await ctx.stack.sh('restore', {}, 1_200_000);
    } catch (err) {
      if (!/is a healthy leader/.test((err as Error).message) || Date.now() > deadline) throw err;
      await sleep(2_000);
    }
  }
}

/**
 * Both database nodes lost at once (a shared disk, an operator's rm -rf): the data directories of
 * both Patroni nodes are deleted under load and their Postgres crash. The operator follows
 * deploy/runbooks/disaster-recovery.md: rebuild the cluster from the latest backup + the archived WAL
 * + the WAL streamer's segments (./stack restore), take a fresh full backup and run the restore drill
 * against it. The data checks then count every acknowledged payment and refund the restore did not
 * bring back (docs/adr/0013: the streamer is what brings back the commits after the last archived segment).
 */
export const dbNodesLostScenario: Scenario = {
  name: 'db-nodes-lost',
  title: 'Both database nodes lost: restore from backup + WAL',
  fault: `a full backup under load, ${AFTER_BACKUP_MS / 1000} s more load, then the data directories of both Patroni nodes deleted and their Postgres SIGKILLed; then ./stack restore --yes (backup + archived + streamed WAL), ./stack backup full, ./stack restore-drill`,
  passWhen: 'the cluster is rebuilt (leader + replica) from backup + archived and streamed WAL; 0 acknowledged payments or refunds missing; the drill passes on the rebuilt cluster',
  ci: false,
  // The simulator keeps charges of payments the restore may have lost: the provider check then shows them.
  settleMs: 60_000,
  async inject(ctx) {
    const t0 = Date.now();
    await ctx.stack.sh('backupFull', {}, 600_000);
    ctx.facts['full backup under load (s)'] = seconds(t0);
    await sleep(AFTER_BACKUP_MS);
    const nodes = instancesOf(await ctx.stack.status(), 'patroni');
    const postmasters = nodes.map((n) => ctx.stack.postmasterPid(n.name)).filter((pid): pid is number => pid !== undefined);
    // How far the WAL streamer's flushed position trailed the leader's right before the disaster.
    const streamer = (await ctx.stack.status()).find((r) => r.name === 'walstream') as { detail?: { flush_lag_bytes?: number } } | undefined;
    ctx.facts['WAL streamer flush lag before the fault (bytes)'] = streamer?.detail?.flush_lag_bytes ?? 'not streaming';
    ctx.markFault();
    for (const node of nodes) {
      rmSync(path.join(ctx.stack.stackDir, 'patroni', `node${node.name.replace(/^patroni-/, '')}`, 'data'), { recursive: true, force: true });
      noteFaulted(ctx, node.name);
    }
    // A lost disk takes the running Postgres with it; Patroni stays up and finds nothing to run.
    const hit = signalAll(postmasters.flatMap((pid) => [pid, ...descendantsOf(pid)]), 'SIGKILL');
    ctx.log(`deleted the data directories of ${nodes.map((n) => n.name).join(', ')}; SIGKILL ${hit.length} Postgres processes`);
  },
  async recover(ctx) {
    const t0 = Date.now();
    const out = await restoreOnceLeaderGone(ctx);
    ctx.facts['./stack restore (s)'] = seconds(t0);
    ctx.facts['./stack restore said'] = out.split('\n').filter((l) => /recovered to|restored|streamed/.test(l)).map((l) => stripVTControlCharacters(l).trim());
    const rows = await ctx.stack.waitHealthy(300_000).catch((err: Error) => ctx.log(err.message));
    ctx.facts['cluster rebuilt: leader + replica, all healthy'] = rows !== undefined
      && instancesOf(rows, 'patroni').map((r) => r.role).sort().join(',') === 'leader,replica';
    await patroniList(ctx, 'after restore');
    const t1 = Date.now();
    await ctx.stack.sh('backupFull', {}, 600_000);
    ctx.facts['full backup of the rebuilt cluster (s)'] = seconds(t1);
    const drill = await ctx.stack.sh('restoreDrill', {}, 900_000).then((o) => ({ ok: true, out: o }), (err: Error & { stdout?: string }) => ({ ok: false, out: err.stdout ?? err.message }));
    ctx.facts['restore drill on the rebuilt cluster passed'] = drill.ok;
    ctx.facts['restore drill said'] = drill.out.split('\n').filter((l) => /RPO|RTO|FAIL|drill/.test(l)).map((l) => stripVTControlCharacters(l).trim());
  },
  criteria: (e) => [
    fact(e, 'cluster rebuilt from backup + WAL (leader + replica)', 'cluster rebuilt: leader + replica, all healthy'),
    fact(e, 'restore drill passes on the rebuilt cluster', 'restore drill on the rebuilt cluster passed'),
    ...everyScenario(e),
  ],
};
