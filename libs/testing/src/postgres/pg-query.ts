import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const REPLAY_TIMEOUT_MS = 15_000;

/** One query on a short-lived connection: the harness never holds a pool open. */
export async function pgQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined); // a server stopped mid-query surfaces through query() instead
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until the replica has replayed the primary's current WAL position. */
export async function waitUntilReplayed(
  primaryUrl: string,
  replicaUrl: string,
  timeoutMs = REPLAY_TIMEOUT_MS,
): Promise<void> {
  const [{ lsn }] = await pgQuery<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const [{ replayed }] = await pgQuery<{ replayed: boolean }>(
        replicaUrl,
        'SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed',
        [lsn],
      );
      if (replayed) return;
    } catch (err) {
      lastError = err; // the replica may still be starting up: keep polling until the deadline
    }
    await sleep(50);
  }
  throw new Error(`replica did not replay ${lsn} within ${timeoutMs} ms`, { cause: lastError });
}
