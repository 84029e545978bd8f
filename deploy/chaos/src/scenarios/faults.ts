import { setTimeout as sleep } from 'node:timers/promises';

import { byName, pidOf, type StackProcess } from '@app/stack-client';

import { descendantsOf, signalAll } from '../stack/processes.js';
import { type ScenarioContext } from './scenario.js';

/** SIGKILL one supervised process and everything it started. */
export function killProcess(ctx: ScenarioContext, row: StackProcess): number[] {
  const pid = pidOf(row);
  const pids = [pid, ...descendantsOf(pid)];
  ctx.markFault();
  const hit = signalAll(pids, 'SIGKILL');
  noteFaulted(ctx, row.name);
  ctx.log(`SIGKILL ${row.name}: pids ${hit.join(',')}`);
  return hit;
}

/**
 * A Postgres node crash: Patroni, the postmaster (its own session, not Patroni's child) and every
 * backend, all SIGKILLed at once: killing Patroni alone leaves Postgres running.
 */
export function killPatroniNode(ctx: ScenarioContext, row: StackProcess): number[] {
  const patroni = pidOf(row);
  const postmaster = ctx.stack.postmasterPid(row.name);
  const pids = [patroni, ...descendantsOf(patroni)];
  if (postmaster !== undefined) pids.push(postmaster, ...descendantsOf(postmaster));
  ctx.markFault();
  const hit = signalAll([...new Set(pids)], 'SIGKILL');
  noteFaulted(ctx, row.name);
  ctx.log(`SIGKILL ${row.name} (patroni ${patroni}, postmaster ${postmaster ?? 'none'}): ${hit.length} processes`);
  return hit;
}

/** Kill and keep down: SIGKILL, then tell the supervisor to leave it stopped until restarted. */
export async function killAndHold(ctx: ScenarioContext, name: string, patroni = false): Promise<void> {
  const row = byName(await ctx.stack.status(), name);
  if (patroni) killPatroniNode(ctx, row);
  else killProcess(ctx, row);
  await ctx.stack.pm2Stop(name);
  ctx.log(`${name} held down (pm2 stop)`);
}

/** Names of the processes a scenario hit; the runner keeps their logs with the results. */
export function noteFaulted(ctx: Pick<ScenarioContext, 'facts'>, name: string): void {
  const list = (ctx.facts['faulted processes'] as string[] | undefined) ?? [];
  if (!list.includes(name)) ctx.facts['faulted processes'] = [...list, name];
}

export async function restart(ctx: ScenarioContext, name: string): Promise<void> {
  noteFaulted(ctx, name);
  ctx.markFault();
  await ctx.stack.sh('restart', { name }, 300_000);
  ctx.log(`./stack restart ${name}: healthy`);
}

/** The Redis master as the Sentinels see it ("host:port"). */
export async function sentinelMaster(ctx: ScenarioContext): Promise<string | undefined> {
  try {
    const stdout = await ctx.stack.sh('sentinelMaster', {}, 3_000);
    const [host, p] = stdout.trim().split('\n');
    return p === undefined ? undefined : `${host}:${p}`;
  } catch (err) {
    ctx.log(`sentinel query failed: ${(err as Error).message}`);
    return undefined;
  }
}

/** Polls `probe` until it returns a value, up to `timeoutMs`; undefined on timeout. */
export async function until<T>(timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 500): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  return undefined;
}

const nodeNumber = (name: string): string => name.replace(/^patroni-/, '');

export async function patronictlSwitchover(ctx: ScenarioContext, leader: string, candidate: string): Promise<void> {
  ctx.markFault();
  const stdout = await ctx.stack.sh('switchover', { leader: nodeNumber(leader), candidate: nodeNumber(candidate) }, 60_000);
  ctx.log(`patronictl switchover: ${stdout.trim().split('\n').slice(-2).join(' / ')}`);
}

/** Rebuilds a replica from the leader (pg_basebackup) and waits for it. */
export async function patronictlReinit(ctx: ScenarioContext, node: string): Promise<void> {
  const stdout = await ctx.stack.sh('reinit', { node: nodeNumber(node) }, 300_000);
  ctx.log(`patronictl reinit: ${stdout.trim().split('\n').slice(-1).join('')}`);
}

/** `patronictl list` as the operator would see it, kept in the facts. */
export async function patroniList(ctx: ScenarioContext, label: string): Promise<void> {
  const out = await ctx.stack.sh('patroniList', {}, 30_000).catch((err: Error) => `patronictl list failed: ${err.message}`);
  ctx.facts[`patronictl list ${label}`] = out.trim().split('\n').filter((l) => /\| node\d/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
}

/** Payments still `processing` in the whole payment database (the reconciler settles them). */
export async function processingPayments(ctx: Pick<ScenarioContext, 'stack'>): Promise<number> {
  return Number((await ctx.stack.sh('processingPayments', {}, 30_000)).trim());
}
