import { Redis } from 'ioredis';
import pg from 'pg';

import { type DatabaseLogin } from '../ceilings/pgbench.js';

export interface StackFacts {
  synchronousStandbyNames: string;
  synchronousCommit: string;
  replication: { name: string; syncState: string }[];
  redisMaster: { host: string; port: number };
}

export async function withClient<T>(login: DatabaseLogin, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...login, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * What the durable-write figures depend on: synchronous replication as the service's own session
 * sees it, the standbys the primary streams to (superuser view), and the Redis master by Sentinel.
 */
export async function readStackFacts(
  service: DatabaseLogin,
  superuser: DatabaseLogin,
  sentinels: readonly { host: string; port: number }[],
  masterName: string,
): Promise<StackFacts> {
  const settings = await withClient(service, async (c) => {
    const names = await c.query<{ synchronous_standby_names: string }>('SHOW synchronous_standby_names');
    const commit = await c.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    return {
      synchronousStandbyNames: names.rows[0].synchronous_standby_names,
      synchronousCommit: commit.rows[0].synchronous_commit,
    };
  });
  const replication = await withClient(superuser, async (c) =>
    (
      await c.query<{ application_name: string; sync_state: string }>(
        'SELECT application_name, sync_state FROM pg_stat_replication ORDER BY 1',
      )
    ).rows.map((r) => ({ name: r.application_name, syncState: r.sync_state })),
  );
  return { ...settings, replication, redisMaster: await redisMaster(sentinels, masterName) };
}

async function redisMaster(
  sentinels: readonly { host: string; port: number }[],
  masterName: string,
): Promise<{ host: string; port: number }> {
  const errors: string[] = [];
  for (const s of sentinels) {
    const client = new Redis({
      host: s.host,
      port: s.port,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      const answer = (await client.call('SENTINEL', 'get-master-addr-by-name', masterName)) as
        [string, string] | null;
      if (answer) return { host: answer[0], port: Number(answer[1]) };
      errors.push(`${s.port}: no master named ${masterName}`);
    } catch (err) {
      errors.push(`${s.port}: ${(err as Error).message}`);
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`no Sentinel named the Redis master: ${errors.join('; ')}`);
}
