import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { assertLoopback } from '@app/stack-client';

const run = promisify(execFile);

export interface RedisBenchmarkResult {
  command: string;
  clients: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** The data line of `redis-benchmark --csv` (Redis 7: "test","rps","avg_latency_ms",…,"p99_latency_ms",…). */
export function parseRedisBenchmarkCsv(
  out: string,
): Pick<RedisBenchmarkResult, 'perSecond' | 'p50Ms' | 'p99Ms'> {
  const lines = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('"'));
  const header = lines.find((l) => l.startsWith('"test"'));
  const data = lines.find((l) => !l.startsWith('"test"'));
  if (header === undefined || data === undefined)
    throw new Error(`redis-benchmark printed no CSV result: ${out.slice(-300)}`);
  const cells = (line: string): string[] => line.split('","').map((c) => c.replace(/^"|"$/g, ''));
  const row = Object.fromEntries(cells(header).map((name, i) => [name, cells(data)[i]]));
  const value = (name: string): number => {
    const v = Number(row[name]);
    if (!Number.isFinite(v)) throw new Error(`redis-benchmark CSV has no ${name}`);
    return v;
  };
  return { perSecond: value('rps'), p50Ms: value('p50_latency_ms'), p99Ms: value('p99_latency_ms') };
}

export interface RedisGetPlan {
  host: string;
  port: number;
  password: string;
  key: string;
  clients: number;
  requests: number;
}

/**
 * GET of one key against the Redis master. redis-benchmark takes the password only as `-a`, so it
 * is on this loopback-only process's command line for the seconds the run lasts.
 */
export async function runRedisGet(plan: RedisGetPlan): Promise<RedisBenchmarkResult> {
  assertLoopback(plan.host, 'redis');
  const { stdout } = await run(
    'redis-benchmark',
    [
      '-h',
      plan.host,
      '-p',
      String(plan.port),
      '-a',
      plan.password,
      '-c',
      String(plan.clients),
      '-n',
      String(plan.requests),
      '--csv',
      'GET',
      plan.key,
    ],
    { timeout: 120_000 },
  );
  return {
    command: 'GET',
    clients: plan.clients,
    requests: plan.requests,
    ...parseRedisBenchmarkCsv(stdout),
  };
}
