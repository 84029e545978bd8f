import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type PgCluster, startPostgres } from '@app/testing';
import { Database, type DatabaseOptions, isUniqueViolation } from '../src/index.js';
import { capturingLogger } from './fixtures/log-capture.js';
import { NoteEntity } from './fixtures/note.entity.js';
import { noteMigrations } from './fixtures/notes.migrations.js';

const migrationNames = ['CreateNotes1732233600000', 'UniqueNoteBody1732237200000'];

describe(Database.name, () => {
  let cluster: PgCluster;
  const opened: Database[] = [];
  const { logger } = capturingLogger();

  async function open(database: string, overrides: Partial<DatabaseOptions> = {}): Promise<Database> {
    const { writerUrl } = await cluster.createDatabase(database);
    const db = await Database.create({
      writerUrl,
      readerUrls: [],
      entities: [NoteEntity],
      migrations: noteMigrations,
      logger,
      ...overrides,
    });
    opened.push(db);
    return db;
  }

  beforeAll(async () => {
    cluster = await startPostgres({ replica: false });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await cluster?.close();
  });

  it('runs pending migrations once, in order, and records them', async () => {
    const sut = await open('migrate_once');

    await expect(sut.runMigrations()).resolves.toEqual(migrationNames);
    await expect(sut.runMigrations()).resolves.toEqual([]);
    await expect(sut.writer.query('SELECT name FROM migrations ORDER BY id')).resolves.toEqual(
      migrationNames.map((name) => ({ name })),
    );
  });

  it('lets instances that boot together migrate without applying anything twice', async () => {
    const first = await open('migrate_together');
    const second = await Database.create({
      writerUrl: cluster.primary.url('migrate_together'),
      readerUrls: [],
      entities: [NoteEntity],
      migrations: noteMigrations,
      logger,
    });
    opened.push(second);

    const applied = await Promise.all([first.runMigrations(), second.runMigrations()]);

    expect(applied.flat().sort()).toEqual(migrationNames);
  });

  it('aborts a statement that outlasts the statement timeout, also on a session that ran migrations', async () => {
    const sut = await open('statement_timeout', { statementTimeoutMs: 300, poolMax: 1 });
    await sut.runMigrations(); // the single pooled session lifts the timeout while migrating, then must restore it

    await expect(sut.writer.query('SELECT pg_sleep(1)')).rejects.toThrow(/statement timeout/);
    await expect(sut.read((em) => em.query('SELECT pg_sleep(1)'))).rejects.toThrow(/statement timeout/);
    await expect(sut.writer.query('SELECT 1 AS ok FROM pg_sleep(0.05)')).resolves.toEqual([{ ok: 1 }]);
    await expect(sut.writer.query('SHOW statement_timeout')).resolves.toEqual([
      { statement_timeout: '300ms' },
    ]);
  });

  it('surfaces a duplicate key as a unique violation', async () => {
    const sut = await open('unique_violation');
    await sut.runMigrations();
    await sut.writer.insert(NoteEntity, { id: 'a', body: 'same' });

    const duplicate = await sut.writer
      .insert(NoteEntity, { id: 'b', body: 'same' })
      .catch((err: unknown) => err);

    expect(isUniqueViolation(duplicate)).toBe(true);
  });
});
