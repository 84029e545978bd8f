import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type PgCluster, startPostgres } from '../src/index.js';

async function queryOne<R>(url: string, sql: string, params: unknown[] = []): Promise<R> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0] as R;
  } finally {
    await client.end();
  }
}

const roleSql = 'SELECT inet_server_port() AS port, pg_is_in_recovery() AS "inRecovery"';

describe(startPostgres.name, () => {
  let sut: PgCluster;
  let urls: { writerUrl: string; readerUrl: string };

  beforeAll(async () => {
    sut = await startPostgres();
    urls = await sut.createDatabase('harness_test');
  });

  afterAll(async () => {
    await sut.close();
  });

  it('starts a writable primary and a read-only streaming replica on different ports', async () => {
    await expect(queryOne(urls.writerUrl, roleSql)).resolves.toEqual({
      port: sut.primary.port,
      inRecovery: false,
    });
    await expect(queryOne(urls.readerUrl, roleSql)).resolves.toEqual({
      port: sut.replica?.port,
      inRecovery: true,
    });
    await expect(queryOne(urls.readerUrl, 'CREATE TABLE nope (id int)')).rejects.toThrow(/read-only/);
  });

  it('refuses a wrong password', async () => {
    const badUrl = urls.writerUrl.replace(`:${sut.password}@`, ':wrong@');
    await expect(queryOne(badUrl, 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('replicates a committed row once waitForReplica resolves', async () => {
    await queryOne(urls.writerUrl, 'CREATE TABLE IF NOT EXISTS items (id int primary key)');
    await queryOne(urls.writerUrl, 'INSERT INTO items VALUES (1)');

    await sut.waitForReplica();

    await expect(queryOne(urls.readerUrl, 'SELECT count(*)::int AS n FROM items')).resolves.toEqual({ n: 1 });
  });

  it('stops a node so connections fail, and starts it again with the data intact', async () => {
    const replica = sut.replica!;
    await replica.stop('immediate');
    expect(replica.isRunning()).toBe(false);
    await expect(queryOne(urls.readerUrl, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    await queryOne(urls.writerUrl, 'INSERT INTO items VALUES (2)');
    await replica.start();
    await sut.waitForReplica();

    expect(replica.isRunning()).toBe(true);
    await expect(queryOne(urls.readerUrl, 'SELECT count(*)::int AS n FROM items')).resolves.toEqual({ n: 2 });
  });

  it('keeps a kept baseDir on close and reuses it without initdb; a normal close removes it', async () => {
    // Directly under tmpdir: the postgres OS user must be able to reach the directory.
    const baseDir = join(tmpdir(), `pg-harness-keep-${process.pid}-${Date.now()}`);
    const kept = await startPostgres({ replica: false, baseDir, keep: true });
    const { writerUrl } = await kept.createDatabase('kept');
    await queryOne(writerUrl, 'CREATE TABLE survivors AS SELECT 42 AS answer');
    await kept.close();
    expect(kept.primary.isRunning()).toBe(false);
    expect(existsSync(baseDir)).toBe(true);

    const reused = await startPostgres({ replica: false, baseDir });
    try {
      expect({ password: reused.password, port: reused.primary.port }).toEqual({
        password: kept.password,
        port: kept.primary.port,
      });
      await expect(queryOne(writerUrl, 'SELECT answer FROM survivors')).resolves.toEqual({ answer: 42 });
    } finally {
      await reused.close();
    }
    expect(existsSync(baseDir)).toBe(false);
  });
});
