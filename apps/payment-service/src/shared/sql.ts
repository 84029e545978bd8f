import { type EntityManager } from 'typeorm';

/**
 * TypeORM's `query()` answers `[rows, rowCount]` for UPDATE/DELETE and plain rows otherwise;
 * this gives both statement kinds one shape.
 */
export async function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<{ rows: T[]; count: number }> {
  const raw: unknown = await em.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return { rows: raw[0] as T[], count: raw[1] };
  }
  const rows = (raw ?? []) as T[];
  return { rows, count: rows.length };
}

/** A statement fragment and its parameters, numbered from where the composing statement says. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * Placeholders for a fragment that another statement embeds after its own parameters:
 * `const p = new SqlParams(8); \`... $\{p.add(id)}::uuid ...\`` then `p.values`.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly first: number) {}

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.first + this.values.length - 1}`;
  }
}
