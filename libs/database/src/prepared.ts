import { createHash } from 'node:crypto';
import {
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';

/** A pg client or pool: both take a named query config. */
export interface PgQueryable {
  query<T>(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ command: string; rows: T[]; rowCount: number | null }>;
}

const names = new Map<string, string>();

/** The same text always gets the same name, so pg prepares it once per connection and reuses it. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `p_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` as a named prepared statement on `em`'s connection (its transaction's, or the replica's
 * inside db.read): Postgres parses and plans it once per connection instead of on every call, as
 * pgbench's `-M prepared` does for the ceilings. For fixed texts only: every distinct text stays
 * prepared on each connection that ran it. Select explicit columns (`columnList`), never `*`: a
 * prepared `SELECT *` fails with "cached plan must not change result type" once a migration adds a
 * column under a running instance (`RETURNING *` alike). Errors come as TypeORM's QueryFailedError,
 * like em.query's; `count` is what em.query's two shapes say: the rows an UPDATE or DELETE changed,
 * the rows answered otherwise.
 */
export async function queryPrepared<T>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<{ rows: T[]; count: number }> {
  const own = em.queryRunner === undefined ? em.connection.createQueryRunner('master') : undefined;
  const runner = em.queryRunner ?? own!;
  try {
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    return await runPrepared<T>((await runner.connect()) as PgQueryable, sql, params);
  } finally {
    await own?.release();
  }
}

/** `sql` as a prepared statement on `client` (a connection, or a pool for a lone statement). */
export async function runPrepared<T>(
  client: PgQueryable,
  sql: string,
  params: unknown[],
): Promise<{ rows: T[]; count: number }> {
  try {
    const result = await client.query<T>({ name: statementName(sql), text: sql, values: params });
    const changed = result.command === 'UPDATE' || result.command === 'DELETE';
    return { rows: result.rows, count: changed ? (result.rowCount ?? 0) : result.rows.length };
  } catch (err) {
    throw new QueryFailedError(sql, params, err as Error);
  }
}

const lists = new WeakMap<object, string>();

/** `"id", "user_id", …`: every column of the entity's table, quoted, in metadata order. */
export function columnList<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>): string {
  const metadata = em.connection.getMetadata(target);
  let list = lists.get(metadata);
  if (list === undefined) {
    list = metadata.columns.map((c) => `"${c.databaseName}"`).join(', ');
    lists.set(metadata, list);
  }
  return list;
}
