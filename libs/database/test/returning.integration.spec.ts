import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type Database, hydrate, insertReturning, updateReturning } from '../src/index.js';
import { EntryEntity } from './fixtures/entry.entity.js';
import { type EntriesDatabase, startEntriesDatabase } from './fixtures/entries-database.js';

describe('RETURNING helpers', () => {
  let started: EntriesDatabase | undefined;
  let db: Database;

  beforeAll(async () => {
    started = await startEntriesDatabase('returning');
    db = started.db;
  }, 60_000);

  afterAll(async () => {
    await started?.close();
  });

  it('insertReturning answers the stored row as a finder would load it, defaults included', async () => {
    const sut = await insertReturning(db.writer, EntryEntity, {
      id: 'e1',
      amountCents: 1250,
      tags: { a: 'b' },
      memo: 'note',
    });

    expect(sut).toBeInstanceOf(EntryEntity);
    expect(sut).toEqual(await db.writer.getRepository(EntryEntity).findOneByOrFail({ id: 'e1' }));
    expect(sut).toMatchObject({ amountCents: 1250, tags: { a: 'b' }, memo: 'NOTE' });
    expect(sut.createdAt).toBeInstanceOf(Date);
  });

  it('updateReturning answers every changed row and only those', async () => {
    await insertReturning(db.writer, EntryEntity, { id: 'e2', amountCents: 1, tags: {}, memo: null });
    await insertReturning(db.writer, EntryEntity, { id: 'e3', amountCents: 1, tags: {}, memo: null });

    const sut = await updateReturning(db.writer, EntryEntity, { id: 'e2' }, { amountCents: 7, memo: 'x' });

    expect(sut).toEqual([await db.writer.getRepository(EntryEntity).findOneByOrFail({ id: 'e2' })]);
    expect(sut[0]).toMatchObject({ amountCents: 7, memo: 'X' });
    await expect(db.writer.getRepository(EntryEntity).findOneByOrFail({ id: 'e3' })).resolves.toMatchObject({
      amountCents: 1,
    });
    await expect(
      updateReturning(db.writer, EntryEntity, { id: 'none' }, { amountCents: 2 }),
    ).resolves.toEqual([]);
  });

  it('hydrate maps raw rows from hand-written SQL by column name', async () => {
    await insertReturning(db.writer, EntryEntity, { id: 'e4', amountCents: 9, tags: { k: 'v' }, memo: null });
    const rows = (await db.writer.query('SELECT * FROM entries WHERE id = $1', ['e4'])) as object[];

    expect(hydrate(db.writer, EntryEntity, rows)).toEqual([
      await db.writer.getRepository(EntryEntity).findOneByOrFail({ id: 'e4' }),
    ]);
  });
});
