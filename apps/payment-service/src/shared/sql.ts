import { queryPrepared } from '@app/database';
import { type EntityManager } from 'typeorm';

/**
 * Every hand-written statement of this service: a fixed text with numbered parameters, run as a
 * prepared statement (parsed and planned once per connection; ADR 0006, third round). `count` is
 * the rows an UPDATE or DELETE changed, the rows answered otherwise. Select and return explicit
 * columns, never `*` (see queryPrepared).
 */
export function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<{ rows: T[]; count: number }> {
  return queryPrepared<T>(em, sql, params);
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
