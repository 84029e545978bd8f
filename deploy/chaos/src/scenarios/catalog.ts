import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { byName, instancesOf, pidOf, withRole } from '@app/stack-client';

import { countServedBy, tailLines } from '../stack/access-log.js';
import { webhookEffects } from '../checks/consistency-checks.js';
import { percentile } from '../load/percentiles.js';
import { metricSum } from '../stack/prometheus-text.js';
import { everyScenario as base, fact, gapAtMost, never500, noFailedKinds, noFailedOps, recoveredWithin } from './criteria.js';
import { killAndHold, killPatroniNode, killProcess, patroniList, patronictlReinit, patronictlSwitchover, processingPayments, restart, sentinelMaster, until } from './faults.js';
import { type Scenario, type ScenarioContext } from './scenario.js';
import { dbNodesLostScenario } from './db-nodes-lost.scenario.js';
import { webhookBacklogScenario } from './webhook-backlog.scenario.js';

/** Supervisor restarted `name` (new pid), it is healthy, and nginx sent it traffic again. */
async function watchRejoin(ctx: ScenarioContext, name: string, oldPid: number, upstreamPortKey: string): Promise<void> {
  const back = await ctx.stack.waitHealthy(120_000, { names: [name], accept: (rows) => byName(rows, name).pid !== oldPid }).catch(() => undefined);
  const at = Date.now();
  ctx.facts[`${name} restarted by the supervisor`] = back !== undefined && byName(back, name).pid !== oldPid;
  const port = ctx.stack.port(upstreamPortKey);
  const served = await until(30_000, async () => {
    const n = countServedBy(tailLines(ctx.stack.accessLog), `127.0.0.1:${port}`, at);
    return n > 0 ? n : undefined;
  }, 1_000);
  ctx.facts[`${name} rejoined (answers via nginx after restart)`] = (served ?? 0) > 0;
}

const instanceLoss: Scenario = {
  name: 'instance-loss',
  title: 'Instance loss',
  fault: 'SIGKILL one auth-service and one payment-service instance',
  passWhen: '0 failed requests; the supervisor restarts them; they rejoin',
  ci: true,
  alert: 'InstanceDown',
  async inject(ctx) {
    const rows = await ctx.stack.status();
    for (const name of ['auth-1', 'payment-1']) {
      const row = byName(rows, name);
      ctx.facts[`${name} pid before`] = pidOf(row);
      killProcess(ctx, row);
    }
  },
  async recover(ctx) {
    await Promise.all([
      watchRejoin(ctx, 'auth-1', ctx.facts['auth-1 pid before'] as number, 'AUTH_1_PORT'),
      watchRejoin(ctx, 'payment-1', ctx.facts['payment-1 pid before'] as number, 'PAYMENT_1_PORT'),
    ]);
  },
  criteria: (e) => [
    noFailedOps(e),
    fact(e, 'auth-1 restarted by the supervisor', 'auth-1 restarted by the supervisor'),
    fact(e, 'payment-1 restarted by the supervisor', 'payment-1 restarted by the supervisor'),
    fact(e, 'auth-1 rejoined', 'auth-1 rejoined (answers via nginx after restart)'),
    fact(e, 'payment-1 rejoined', 'payment-1 rejoined (answers via nginx after restart)'),
    ...base(e),
  ],
};

const POOL_DOWN_MS = 20_000;
const poolLoss: Scenario = {
  name: 'pool-loss',
  title: 'Auth pool loss',
  fault: `both auth-service instances stopped for ${POOL_DOWN_MS / 1000} s`,
  passWhen: 'payments with valid tokens keep working (JWKS path); login 503 + Retry-After; recovers',
  ci: false,
  async inject(ctx) {
    await Promise.all(['auth-1', 'auth-2'].map((n) => killAndHold(ctx, n)));
    await sleep(POOL_DOWN_MS);
  },
  async recover(ctx) {
    await Promise.all(['auth-1', 'auth-2'].map((n) => restart(ctx, n)));
    const health = await ctx.stack.sh('authHealth', {}, 10_000).catch((err: Error) => err.message);
    ctx.facts['auth health via nginx after recovery'] = health.slice(0, 200);
  },
  criteria: (e) => {
    const loginFailures = Object.entries(e.m.loginStatusesDuringFault).filter(([s]) => s !== '200');
    const all503 = loginFailures.length > 0 && loginFailures.every(([s]) => s === '503');
    const withRetryAfter = e.m.loginDuringFaultWithRetryAfter === loginFailures.reduce((n, [, v]) => n + v, 0);
    return [
      noFailedKinds(e, ['pay', 'get_payment', 'list_payments', 'refund'], 'payment requests'),
      { name: 'login answered 503 + Retry-After while the pool is down', pass: all503 && withRetryAfter,
        detail: `login statuses during the fault: ${JSON.stringify(e.m.loginStatusesDuringFault)}; ${e.m.loginDuringFaultWithRetryAfter} carried Retry-After` },
      recoveredWithin(e, 'login', POOL_DOWN_MS + 60_000),
      ...base(e),
    ];
  },
};

const dbLeaderLoss: Scenario = {
  name: 'db-leader-loss',
  title: 'Database leader loss',
  fault: "SIGKILL the Patroni leader's Patroni, postmaster and backends; keep the node down until a new leader is elected, then restart it",
  passWhen: 'writes back within ttl + 3 s (23 s); reads keep working; writes in the window 503 + Retry-After, never 500; 0 lost; 0 duplicates; the old leader rejoins as replica',
  ci: true,
  alert: 'PostgresLeaderChanged',
  async inject(ctx) {
    const leader = withRole(await ctx.stack.status(), 'patroni', 'leader');
    ctx.facts['old leader'] = leader.name;
    const t0 = Date.now();
    // Held down like a lost host: PM2 would otherwise restart Patroni while it still holds the leader key.
    await killAndHold(ctx, leader.name, true);
    const elected = await until(90_000, async () => {
      const next = (await ctx.stack.status()).find((r) => r.kind === 'patroni' && r.role === 'leader' && r.name !== leader.name);
      return next?.name;
    }, 1_000);
    ctx.facts['new leader'] = elected ?? 'none within 90 s';
    ctx.facts['kill → new leader seen in status (s)'] = Math.round((Date.now() - t0) / 100) / 10;
  },
  async recover(ctx) {
    const old = ctx.facts['old leader'] as string;
    const t0 = Date.now();
    await restart(ctx, old).catch((err: Error) => ctx.log(err.message));
    const rows = await ctx.stack
      .waitHealthy(180_000, { names: ['patroni-1', 'patroni-2'], accept: (r) => byName(r, old).role === 'replica' && instancesOf(r, 'patroni').some((p) => p.role === 'leader') })
      .catch((err: Error) => ctx.log(err.message));
    ctx.facts['old leader rejoined as replica'] = rows !== undefined;
    ctx.facts['rejoin seconds (from restart)'] = Math.round((Date.now() - t0) / 100) / 10;
    await patroniList(ctx, 'after recovery');
  },
  criteria: (e) => [
    recoveredWithin(e, 'write', 23_000),
    noFailedOps(e, ['read']),
    { ...recoveredWithin(e, 'read', 5_000), name: 'reads keep working meanwhile (read RTO ≤ 5 s)' },
    never500(e),
    fact(e, 'old leader rejoined as replica', 'old leader rejoined as replica'),
    ...base(e),
  ],
};

const switchover: Scenario = {
  name: 'switchover',
  title: 'Planned switchover',
  fault: 'patronictl switchover to the replica',
  passWhen: 'write gap ≈ 2 s (≤ 5 s); 0 failed requests after client retries',
  ci: false,
  async inject(ctx) {
    const rows = await ctx.stack.status();
    const leader = withRole(rows, 'patroni', 'leader');
    const replica = withRole(rows, 'patroni', 'replica');
    ctx.facts['old leader'] = leader.name;
    ctx.facts['candidate'] = replica.name;
    await patronictlSwitchover(ctx, leader.name, replica.name);
  },
  async recover(ctx) {
    const candidate = ctx.facts['candidate'] as string;
    const rows = await ctx.stack
      .waitHealthy(120_000, { names: ['patroni-1', 'patroni-2'], accept: (r) => byName(r, candidate).role === 'leader' })
      .catch((err: Error) => ctx.log(err.message));
    ctx.facts['candidate is leader, old leader healthy replica'] = rows !== undefined;
    await patroniList(ctx, 'after switchover');
  },
  criteria: (e) => [
    gapAtMost(e, 'write', 5_000),
    noFailedOps(e),
    fact(e, 'switched over', 'candidate is leader, old leader healthy replica'),
    ...base(e),
  ],
};

const ETCD_DOWN_MS = 30_000;
const etcdLoss: Scenario = {
  name: 'etcd-loss',
  title: 'etcd loss',
  fault: `SIGKILL etcd and keep it down ${ETCD_DOWN_MS / 1000} s`,
  passWhen: '0 failed requests (Patroni failsafe mode keeps the leader)',
  ci: false,
  async inject(ctx) {
    ctx.facts['leader before'] = withRole(await ctx.stack.status(), 'patroni', 'leader').name;
    await killAndHold(ctx, 'etcd-1');
    await sleep(ETCD_DOWN_MS);
  },
  async recover(ctx) {
    await restart(ctx, 'etcd-1');
    const rows = await ctx.stack.waitHealthy(120_000).catch((err: Error) => ctx.log(err.message));
    ctx.facts['leader kept'] = rows !== undefined && withRole(rows, 'patroni', 'leader').name === ctx.facts['leader before'];
  },
  criteria: (e) => [noFailedOps(e), fact(e, 'leader kept through the etcd outage', 'leader kept'), ...base(e)],
};

const REPLICA_DOWN_MS = 20_000;
const replicaLoss: Scenario = {
  name: 'replica-loss',
  title: 'Database replica loss',
  fault: `SIGKILL the replica's Patroni, postmaster and backends; keep it down ${REPLICA_DOWN_MS / 1000} s; restart it, then rebuild it (patronictl reinit) under load`,
  passWhen: '0 failed reads; the replica rejoins and is rebuilt',
  ci: false,
  async inject(ctx) {
    const replica = withRole(await ctx.stack.status(), 'patroni', 'replica');
    ctx.facts['replica'] = replica.name;
    await killAndHold(ctx, replica.name, true);
    await sleep(REPLICA_DOWN_MS);
  },
  async recover(ctx) {
    const name = ctx.facts['replica'] as string;
    await restart(ctx, name);
    const healthy = (): Promise<unknown> =>
      ctx.stack.waitHealthy(180_000, { names: [name], accept: (r) => byName(r, name).role === 'replica' }).catch((err: Error) => ctx.log(err.message));
    ctx.facts['replica back in sync'] = (await healthy()) !== undefined;
    await patronictlReinit(ctx, name);
    ctx.facts['replica rebuilt (reinit) and in sync'] = (await healthy()) !== undefined;
    await patroniList(ctx, 'after rebuild');
  },
  criteria: (e) => [
    noFailedOps(e, ['read']),
    noFailedOps(e),
    fact(e, 'replica rejoined', 'replica back in sync'),
    fact(e, 'replica rebuilt', 'replica rebuilt (reinit) and in sync'),
    ...base(e),
  ],
};

/** Past the Postgres exporter's 15 s scrape plus the alert's 30 s `for:`, so WalStreamerDown fires. */
const WAL_STREAMER_DOWN_MS = 60_000;
const walstreamLoss: Scenario = {
  name: 'walstream-loss',
  title: 'WAL streamer loss',
  fault: `SIGKILL the WAL streamer (pg_receivewal) and keep it down ${WAL_STREAMER_DOWN_MS / 1000} s; then ./stack restart walstream`,
  passWhen: '0 failed writes or reads (the streamer is no synchronous standby); it streams again after the restart',
  ci: false,
  alert: 'WalStreamerDown',
  async inject(ctx) {
    await killAndHold(ctx, 'walstream');
    await sleep(WAL_STREAMER_DOWN_MS);
  },
  async recover(ctx) {
    await restart(ctx, 'walstream');
    ctx.facts['WAL streamer streaming again'] = (await ctx.stack.waitHealthy(60_000, { names: ['walstream'] }).catch((err: Error) => ctx.log(err.message))) !== undefined;
  },
  criteria: (e) => [noFailedOps(e), fact(e, 'WAL streamer streams again after ./stack restart', 'WAL streamer streaming again'), ...base(e)],
};

const redisMasterLoss: Scenario = {
  name: 'redis-master-loss',
  title: 'Redis master loss',
  fault: 'SIGKILL the Redis master and keep it down until Sentinel has failed over',
  passWhen: 'Sentinel fails over; 0 failed requests; idempotency exact',
  ci: true,
  alert: 'RedisFailover',
  async inject(ctx) {
    const master = withRole(await ctx.stack.status(), 'redis', 'master');
    ctx.facts['old master'] = master.name;
    ctx.facts['sentinel master before'] = await sentinelMaster(ctx);
    const t0 = Date.now();
    await killAndHold(ctx, master.name);
    const next = await until(30_000, async () => {
      const m = await sentinelMaster(ctx);
      return m !== undefined && m !== ctx.facts['sentinel master before'] ? m : undefined;
    });
    ctx.facts['sentinel master after'] = next ?? 'no failover within 30 s';
    ctx.facts['failed over'] = next !== undefined;
    ctx.facts['failover seconds'] = Math.round((Date.now() - t0) / 100) / 10;
  },
  async recover(ctx) {
    const old = ctx.facts['old master'] as string;
    await restart(ctx, old);
    const rows = await ctx.stack.waitHealthy(120_000, { names: [old], accept: (r) => byName(r, old).role === 'replica' }).catch((err: Error) => ctx.log(err.message));
    ctx.facts['old master rejoined as replica'] = rows !== undefined;
  },
  criteria: (e) => [
    noFailedOps(e),
    fact(e, 'Sentinel failed over', 'failed over'),
    fact(e, 'old master rejoined as replica', 'old master rejoined as replica'),
    ...base(e),
  ],
};

const OUTAGE_MS = 20_000;
const SLOW_MS = 20_000;
async function breakerOpens(ctx: ScenarioContext): Promise<number> {
  let total = 0;
  for (const n of [1, 2]) {
    const text = await ctx.stack.sh('breakerMetrics', { n }, 10_000).catch(() => '');
    total += metricSum(text, 'circuit_breaker_events_total', { breaker: 'psp.charge', event: 'open' });
  }
  return total;
}
/** p50 / p99 latency of payment-create attempts sent in [from, to) on the load's clock. */
function payLatency(ctx: ScenarioContext, from: number, to: number): { n: number; p50?: number; p99?: number } {
  const ms = ctx.load.ledger.records.filter((r) => r.op === 'pay' && r.sentMs >= from && r.sentMs < to).map((r) => r.latencyMs);
  return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

const providerOutage: Scenario = {
  name: 'provider-outage',
  title: 'Provider outage, then slowness',
  fault: `simulator answers 503 to everything for ${OUTAGE_MS / 1000} s, then adds 3 s latency for ${SLOW_MS / 1000} s`,
  passWhen: 'breaker opens; fail-fast latency (payment p50 < 1 s once open); processing payments settle after recovery; 0 double charges (counted at the simulator)',
  ci: false,
  alert: 'CircuitBreakerOpen',
  settleMs: 90_000,
  async inject(ctx) {
    const before = await breakerOpens(ctx);
    ctx.markFault();
    await ctx.sim.setFaults({ outage: true });
    const outageStart = ctx.now();
    await sleep(OUTAGE_MS);
    const afterOutage = await breakerOpens(ctx);
    ctx.facts['breaker openings during outage'] = afterOutage - before;
    ctx.facts['payment latency during outage, from 5 s in (ms)'] = payLatency(ctx, outageStart + 5_000, ctx.now());
    await ctx.sim.setFaults({ outage: false, latency_ms: 3_000 });
    const slowStart = ctx.now();
    await sleep(SLOW_MS);
    ctx.facts['breaker openings during slowness'] = (await breakerOpens(ctx)) - afterOutage;
    ctx.facts['payment latency during slowness, from 5 s in (ms)'] = payLatency(ctx, slowStart + 5_000, ctx.now());
    await ctx.stack.sh('simulatorFaultsOff', {}, 10_000);
  },
  async recover(ctx) {
    const processing = await until(90_000, async () => {
      const n = await processingPayments(ctx);
      return n === 0 ? n : undefined;
    }, 2_000);
    ctx.facts['processing payments settled'] = processing === 0;
  },
  criteria: (e) => {
    const opened = Number(e.facts['breaker openings during outage'] ?? 0) + Number(e.facts['breaker openings during slowness'] ?? 0);
    const windows = ['payment latency during outage, from 5 s in (ms)', 'payment latency during slowness, from 5 s in (ms)'];
    const p50s = windows.map((k) => (e.facts[k] as { p50?: number } | undefined)?.p50);
    return [
      { name: 'breaker opened', pass: opened > 0, detail: `psp.charge openings: ${opened}` },
      { name: 'fail fast (payment p50 < 1 s in both fault phases)', pass: p50s.every((v) => v !== undefined && v < 1_000),
        detail: `p50 outage ${p50s[0] ?? 'n/a'} ms, slowness ${p50s[1] ?? 'n/a'} ms` },
      fact(e, 'processing payments settled', 'processing payments settled'),
      never500(e),
      ...base(e),
    ];
  },
};

/** A PSP webhook signed like the simulator does (Psp-Signature: t=<unix>,v1=<hex>). */
export function signPspWebhook(secret: string, body: string, unix: number): string {
  return `t=${unix},v1=${createHmac('sha256', secret).update(`${unix}.${body}`).digest('hex')}`;
}

const STORM_COPIES = 50;
const webhookStorm: Scenario = {
  name: 'webhook-storm',
  title: 'Webhook storm',
  fault: `${STORM_COPIES} concurrent deliveries of one provider event (held back from its normal delivery), half to each payment instance`,
  passWhen: 'exactly one effect: one dedupe row, at most one outbox event; every copy answered 200',
  ci: true,
  async notRunnable(ctx) {
    const res = await fetch(`http://127.0.0.1:${ctx.stack.port('PAYMENT_1_PORT')}/webhooks/psp`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5_000),
    });
    await res.arrayBuffer();
    return res.status === 404 ? 'payment-service has no inbound webhook endpoint POST /webhooks/psp yet (404)' : undefined;
  },
  async inject(ctx) {
    // Hold the provider's own deliveries so the storm carries the event's FIRST delivery.
    await ctx.sim.setFaults({ webhook_hold: true });
    // `created` has one-second resolution: an event of a later second was surely published held
    // (one sent just before the hold may still be in flight with no attempt recorded yet).
    const heldSince = Math.floor(Date.now() / 1000) + 1;
    try {
      await storm(ctx, heldSince);
    } finally {
      await ctx.sim.setFaults({ webhook_hold: false });
      await ctx.sim.flush();
    }
  },
  async recover() {
    return;
  },
  criteria: (e) => [
    fact(e, 'every copy answered 200', 'every copy answered 200'),
    fact(e, 'exactly one effect (one dedupe row, ≤ 1 outbox event)', 'exactly one effect'),
    noFailedOps(e),
    ...base(e),
  ],
};

/** Delivers one held event STORM_COPIES times at once and records what it changed. */
async function storm(ctx: ScenarioContext, heldSince: number): Promise<void> {
  const record = await until(20_000, async () => {
    const acked = new Set(ctx.load.ledger.ackedPayments.map((p) => p.id));
    return (await ctx.sim.events()).reverse()
      .find((r) => r.event.created >= heldSince && r.attempts.length === 0 && acked.has(String(r.event.data.reference ?? '')));
  });
  if (record === undefined) throw new Error('no held provider event for a payment of this run within 20 s');
  const paymentId = String(record.event.data.reference);
  const body = JSON.stringify(record.event);
  const writer = ctx.stack.writerUrl();
  const before = await webhookEffects(writer, record.event.id, paymentId);
  ctx.markFault();
  const statuses = await Promise.all(Array.from({ length: STORM_COPIES }, async (_, i) => {
    const port = ctx.stack.port(i % 2 === 0 ? 'PAYMENT_1_PORT' : 'PAYMENT_2_PORT');
    const res = await fetch(`http://127.0.0.1:${port}/webhooks/psp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'psp-signature': signPspWebhook(ctx.stack.secrets().PSP_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)) },
      body, signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    return res.status;
  }));
  const after = await webhookEffects(writer, record.event.id, paymentId);
  ctx.facts['event'] = `${record.event.type} ${record.event.id} for payment ${paymentId}`;
  ctx.facts['storm statuses'] = statuses.reduce<Record<string, number>>((acc, st) => ({ ...acc, [st]: (acc[st] ?? 0) + 1 }), {});
  ctx.facts['every copy answered 200'] = statuses.every((st) => st === 200);
  ctx.facts['dedupe rows before/after'] = [before.eventRows, after.eventRows];
  ctx.facts['outbox events of the payment before/after'] = [before.outboxRows, after.outboxRows];
  ctx.facts['exactly one effect'] = before.eventRows === 0 && after.eventRows === 1 && after.outboxRows - before.outboxRows <= 1;
}

const nginxRestart: Scenario = {
  name: 'nginx-restart',
  title: 'nginx restart',
  fault: 'restart nginx through the supervisor (./stack restart nginx)',
  passWhen: 'an outage only for the restart (≤ 10 s), measured; 0 lost writes',
  ci: false,
  async inject(ctx) {
    await restart(ctx, 'nginx');
  },
  async recover(ctx) {
    await ctx.stack.waitHealthy(60_000, { names: ['nginx'] });
  },
  criteria: (e) => [recoveredWithin(e, 'write', 10_000), recoveredWithin(e, 'read', 10_000), ...base(e)],
};

const wholeStackCrash: Scenario = {
  name: 'whole-stack-crash',
  title: 'Whole-stack crash',
  fault: 'SIGKILL every process of the stack (supervisor first), then ./stack up',
  passWhen: '0 acknowledged writes lost; 0 duplicates; everything healthy again',
  ci: false,
  providerComparable: false,
  afterMs: 20_000,
  async inject(ctx) {
    const rows = await ctx.stack.status();
    const pm2 = ctx.stack.pm2Pid();
    ctx.markFault();
    if (pm2 !== undefined) killProcess(ctx, { ...rows[0], name: 'pm2 daemon', pid: pm2 });
    for (const row of rows) {
      if (row.pid === null) continue;
      if (row.kind === 'patroni') killPatroniNode(ctx, row);
      else killProcess(ctx, row);
    }
    await sleep(3_000);
    const t0 = Date.now();
    await ctx.stack.sh('up', {}, 900_000, { STACK_SKIP_BUILD: '1', STACK_SKIP_BOOTSTRAP: '1' });
    ctx.facts['./stack up seconds'] = Math.round((Date.now() - t0) / 100) / 10;
  },
  async recover(ctx) {
    const rows = await ctx.stack.waitHealthy(180_000).catch((err: Error) => ctx.log(err.message));
    ctx.facts['all healthy again'] = rows !== undefined;
  },
  criteria: (e) => [fact(e, 'all healthy again', 'all healthy again'), recoveredWithin(e, 'write', 600_000), ...base(e)],
};

export const SCENARIOS: Scenario[] = [
  instanceLoss,
  poolLoss,
  redisMasterLoss,
  replicaLoss,
  walstreamLoss,
  etcdLoss,
  switchover,
  dbLeaderLoss,
  providerOutage,
  webhookStorm,
  webhookBacklogScenario,
  nginxRestart,
  dbNodesLostScenario,
  wholeStackCrash,
];

export function selectScenarios(suite: 'ci' | 'all', only?: readonly string[]): Scenario[] {
  const chosen = SCENARIOS.filter((s) => (suite === 'ci' ? s.ci : true));
  if (only === undefined || only.length === 0) return chosen;
  const unknown = only.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.name));
}


