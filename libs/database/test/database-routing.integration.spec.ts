import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { type PgCluster, type PgNode, startPostgres } from '@app/testing';
import { Database } from '../src/index.js';
import { capturingLogger } from './fixtures/log-capture.js';
import { NoteEntity } from './fixtures/note.entity.js';
import { noteMigrations } from './fixtures/notes.migrations.js';
import { type ServerRole, serverRole } from './fixtures/server-role.js';

async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await sleep(100);
    value = await probe();
  }
  return value;
}

describe(Database.name, () => {
  let cluster: PgCluster;
  let replica: PgNode;
  let sut: Database;
  const { logger, lines } = capturingLogger();

  const onPrimary = (): ServerRole => ({ port: cluster.primary.port, inRecovery: false });
  const onReplica = (): ServerRole => ({ port: replica.port, inRecovery: true });
  const findNote = (id: string) => () => sut.read((em) => em.findOneBy(NoteEntity, { id }));

  beforeAll(async () => {
    cluster = await startPostgres();
    replica = cluster.replica!;
    const { writerUrl, readerUrl } = await cluster.createDatabase('routing');
    sut = await Database.create({
      writerUrl,
      readerUrls: [readerUrl],
      entities: [NoteEntity],
      migrations: noteMigrations,
      logger,
    });
    await sut.runMigrations();
    await cluster.waitForReplica();
  }, 60_000);

  afterAll(async () => {
    await sut?.close();
    await cluster?.close();
  });

  it('writes on the primary and serves default reads from the replica', async () => {
    const writtenOn = await sut.transaction(async (em) => {
      await em.insert(NoteEntity, { id: 'routing', body: 'routing' });
      return serverRole(em);
    });

    expect(writtenOn).toEqual(onPrimary());
    await expect(sut.read(serverRole)).resolves.toEqual(onReplica());
    await expect(sut.writer.query('SELECT pg_is_in_recovery() AS r')).resolves.toEqual([{ r: false }]);
  });

  it('runs a prepared statement on the primary, prepared once per connection and reused', async () => {
    const statement =
      'SELECT pg_is_in_recovery() AS r, $1::text AS echo, (SELECT count(*)::int FROM pg_prepared_statements WHERE statement = $2) AS prepared';
    // $2 is the statement's own text: it counts 1 only on a connection that holds it prepared.
    const run = (echo: string) =>
      sut.writePrepared<{ r: boolean; echo: string; prepared: number }>(statement, [echo, statement]);

    await expect(run('a')).resolves.toEqual([{ r: false, echo: 'a', prepared: 1 }]);
    // Whichever pooled connection answers, the statement is the prepared one (never parsed anew as unnamed).
    await expect(Promise.all([run('b'), run('c')])).resolves.toEqual([
      [{ r: false, echo: 'b', prepared: 1 }],
      [{ r: false, echo: 'c', prepared: 1 }],
    ]);
  });

  it('reports the answering node for each role in ping()', async () => {
    await expect(sut.ping('writer')).resolves.toEqual(onPrimary());
    await expect(sut.ping('reader')).resolves.toEqual(onReplica());
  });

  it('reads its own write at once inside withPrimaryReads or with from: primary, while the replica lags', async () => {
    // Pausing replay makes the lag certain instead of hoping for it.
    await sut.read((em) => em.query('SELECT pg_wal_replay_pause()'));
    try {
      await sut.writer.insert(NoteEntity, { id: 'fresh', body: 'fresh' });

      await expect(findNote('fresh')()).resolves.toBeNull();
      await expect(sut.withPrimaryReads(findNote('fresh'))).resolves.toEqual({ id: 'fresh', body: 'fresh' });
      await expect(
        sut.read((em) => em.findOneBy(NoteEntity, { id: 'fresh' }), { from: 'primary' }),
      ).resolves.toEqual({
        id: 'fresh',
        body: 'fresh',
      });
      // The pin follows the async context across awaits, and ends with it.
      await expect(
        sut.withPrimaryReads(async () => {
          await sleep(5);
          return sut.read(serverRole);
        }),
      ).resolves.toEqual(onPrimary());
      await expect(sut.read(serverRole)).resolves.toEqual(onReplica());
    } finally {
      await sut.read((em) => em.query('SELECT pg_wal_replay_resume()'));
    }
    await cluster.waitForReplica();
    await expect(findNote('fresh')()).resolves.toEqual({ id: 'fresh', body: 'fresh' });
  });

  it('serves reads from the primary while the replica is down and goes back to the replica once it returns', async () => {
    const fallbacksBefore = sut.readFallbacks;
    await replica.stop('fast');
    try {
      await expect(sut.read(serverRole)).resolves.toEqual(onPrimary());
      await expect(sut.ping('reader')).resolves.toEqual(onPrimary());
      expect(sut.readFallbacks).toBe(fallbacksBefore + 2);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: 'replica read failed, retrying on the primary' }),
      );
      // The shutdown also killed the idle pooled connections: the pool error handler logs, nothing crashes.
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: 'idle database connection failed' }),
      );
    } finally {
      await replica.start();
    }

    await expect(
      eventually(
        () => sut.read(serverRole),
        (role) => role.inRecovery,
        10_000,
      ),
    ).resolves.toEqual(onReplica());
  });

  it('starts while the replica is down, reading from the primary until the replica is back', async () => {
    await replica.stop('immediate');
    let late: Database | undefined;
    try {
      const db = await Database.create({
        writerUrl: cluster.primary.url('routing'),
        readerUrls: [replica.url('routing')],
        entities: [NoteEntity],
        logger,
      });
      late = db;
      await expect(db.read(serverRole)).resolves.toEqual(onPrimary());

      await replica.start();

      await expect(
        eventually(
          () => db.read(serverRole),
          (role) => role.inRecovery,
          10_000,
        ),
      ).resolves.toEqual(onReplica());
    } finally {
      if (!replica.isRunning()) await replica.start();
      await late?.close();
    }
  });

  it('does not retry a failing query on the primary when the replica itself is healthy', async () => {
    const fallbacksBefore = sut.readFallbacks;

    await expect(sut.read((em) => em.query('SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    expect(sut.readFallbacks).toBe(fallbacksBefore);
  });

  it('reports one writer and one reader pool', () => {
    const pools = sut.poolStats();

    expect(pools.map((p) => p.pool)).toEqual(['writer', 'reader']);
    for (const stats of pools) {
      expect(stats.total).toBeGreaterThanOrEqual(stats.idle);
      expect(stats.waiting).toBe(0);
    }
  });
});
