import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { type SimulatorAdmin } from '@app/stack-client';
import { Redis } from 'ioredis';

import { measureHashCeiling, type HashCeiling } from '../ceilings/hash-ceiling.js';
import { type Argon2Params } from '../ceilings/argon2-params.js';
import { type DatabaseLogin, type PgbenchResult, runPgbench } from '../ceilings/pgbench.js';
import { measureProviderHop } from '../ceilings/provider-hop.js';
import { type RedisBenchmarkResult, runRedisGet } from '../ceilings/redis-benchmark.js';
import { measureRequestPath } from '../ceilings/request-path.js';
import { type LoadSummary } from '../load/load-summary.js';
import { type PreparedWorkload, type Workload } from '../workloads/workload.js';
import { withClient } from './stack-facts.js';
import { loadPlanFor, type MeasureEnv } from './workload-runner.js';

const SQL_DIR = (repo: string): string => path.join(repo, 'bench', 'sql');

/** nginx → bare upstreams with this workload's own requests, connections and source addresses. */
export async function requestPathCeiling(
  repo: string,
  workload: Workload,
  prepared: PreparedWorkload,
  env: MeasureEnv,
): Promise<LoadSummary> {
  if (prepared.answer === undefined)
    throw new Error(`${workload.name} has no sample answer for a bare upstream`);
  const { target: _target, ...load } = loadPlanFor(workload, prepared, env, env.seconds);
  return measureRequestPath({
    repo,
    tls: env.stack.tlsCertificate,
    answer: prepared.answer,
    load,
    warmupSeconds: env.warmupSeconds,
  });
}

/** The create path's two transactions through the writer port; every row it wrote is deleted after. */
export async function pgbenchCreateCeiling(
  repo: string,
  writer: DatabaseLogin,
  clients: number,
  seconds: number,
  runTag: string,
): Promise<PgbenchResult> {
  const user = `bench-pgbench-${runTag}`;
  try {
    return await runPgbench({
      login: writer,
      script: path.join(SQL_DIR(repo), 'payment-create.sql'),
      clients,
      seconds,
      variables: { user },
    });
  } finally {
    await withClient(writer, async (c) => {
      for (const table of ['webhook_events', 'idempotency_keys', 'payments'])
        await c.query(`DELETE FROM ${table} WHERE user_id = $1`, [user]);
    });
  }
}

/** The read's primary-key query through the reader port, on a payment the read workload reads. */
export async function pgbenchReadCeiling(
  repo: string,
  writer: DatabaseLogin,
  reader: DatabaseLogin,
  paymentId: string,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const user = await withClient(
    writer,
    async (c) =>
      (await c.query<{ user_id: string }>('SELECT user_id FROM payments WHERE id = $1', [paymentId])).rows[0]
        ?.user_id,
  );
  if (user === undefined) throw new Error(`payment ${paymentId} is not in the database`);
  return runPgbench({
    login: reader,
    script: path.join(SQL_DIR(repo), 'payment-read.sql'),
    clients,
    seconds,
    variables: { payment_id: paymentId, user },
  });
}

/**
 * GET of a key holding what payment-service caches per token (claims JSON), against the master.
 * A short first run sizes the measured one to about `seconds`.
 */
export async function redisGetCeiling(
  master: { host: string; port: number },
  password: string,
  clients: number,
  seconds: number,
): Promise<RedisBenchmarkResult> {
  const key = `bench:ceiling:${randomUUID()}`;
  const redis = new Redis({
    host: master.host,
    port: master.port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  try {
    await redis.set(
      key,
      JSON.stringify({ sub: randomUUID(), jti: randomUUID(), exp: Math.floor(Date.now() / 1000) + 900 }),
      'EX',
      600,
    );
    const probe = await runRedisGet({ ...master, password, key, clients, requests: 20_000 });
    return await runRedisGet({
      ...master,
      password,
      key,
      clients,
      requests: Math.max(20_000, Math.round(probe.perSecond * seconds)),
    });
  } finally {
    await redis.del(key);
    redis.disconnect();
  }
}

export function providerHopCeiling(
  sim: SimulatorAdmin,
  connections: number,
  env: MeasureEnv,
): Promise<LoadSummary> {
  return measureProviderHop(sim, connections, env.seconds, env.warmupSeconds);
}

export function hashCeiling(
  params: Argon2Params,
  authInstances: number,
  authEnv: Record<string, string>,
  seconds: number,
): Promise<HashCeiling> {
  return measureHashCeiling(params, authInstances, authEnv, seconds);
}
