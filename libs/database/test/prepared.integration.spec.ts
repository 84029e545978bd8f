import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';

import { columnList, type Database, hydrate, insertReturning, isUniqueViolation, queryPrepared } from '../src/index.js';
import { EntryEntity } from './fixtures/entry.entity.js';
import { type EntriesDatabase, startEntriesDatabase } from './fixtures/entries-database.js';

describe(queryPrepared.name, () => {
  let started: EntriesDatabase | undefined;
  let db: Database;

  beforeAll(async () => {
    started = await startEntriesDatabase('prepared');
    db = started.db;
    await insertReturning(db.writer, EntryEntity, { id: 'p1', amountCents: 100, tags: { k: 'v' }, memo: 'm' });
  }, 60_000);

  afterAll(async () => {
    await started?.close();
  });

  const byId = (em: Parameters<typeof columnList>[0]) => `SELECT ${columnList(em, EntryEntity)} FROM entries WHERE id = $1`;

  it('answers the rows em.query answers, and hydrates to what a finder loads', async () => {
    const { rows, count } = await db.read(async (em) => queryPrepared<object>(em, byId(em), ['p1']));

    expect(count).toBe(1);
    expect(rows).toEqual(await db.read((em) => em.query(byId(em), ['p1'])));
    expect(hydrate(db.writer, EntryEntity, rows)).toEqual([
      await db.writer.getRepository(EntryEntity).findOneByOrFail({ id: 'p1' }),
    ]);
  });

  it('prepares a text once per connection and reuses it on the next call', async () => {
    const prepared = await db.transaction(async (em) => {
      await queryPrepared(em, byId(em), ['p1']);
      await queryPrepared(em, byId(em), ['nobody']);
      return em.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%FROM entries WHERE id%'`);
    });
    expect(prepared).toEqual([{ statement: byId(db.writer) }]);
  });

  it("counts as em.query's shapes do: rows an UPDATE changed, rows answered otherwise", async () => {
    const sut = await db.transaction(async (em) => ({
      update: await queryPrepared(em, `UPDATE entries SET amount_cents = amount_cents + 1 WHERE id = $1`, ['p1']),
      returning: await queryPrepared(em, `INSERT INTO entries (id, amount_cents, tags) VALUES ($1, 1, '{}') RETURNING id`, ['p2']),
      silent: await queryPrepared(em, `INSERT INTO entries (id, amount_cents, tags) VALUES ($1, 1, '{}')`, ['p3']),
    }));
    expect(sut).toEqual({
      update: { rows: [], count: 1 },
      returning: { rows: [{ id: 'p2' }], count: 1 },
      silent: { rows: [], count: 0 },
    });
  });

  it("fails as em.query does: a QueryFailedError carrying the driver's code", async () => {
    const duplicate = db.transaction((em) =>
      queryPrepared(em, `INSERT INTO entries (id, amount_cents, tags) VALUES ($1, 1, '{}')`, ['p1']),
    );
    const err = await duplicate.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('keeps answering on a connection that prepared it before a migration added a column', async () => {
    const after = await db.transaction(async (em) => {
      await queryPrepared(em, byId(em), ['p1']);
      await em.query(`ALTER TABLE entries ADD COLUMN added_later text`);
      return queryPrepared<{ id: string }>(em, byId(em), ['p1']);
    });
    expect(after.rows.map((r) => r.id)).toEqual(['p1']);
  });
});
