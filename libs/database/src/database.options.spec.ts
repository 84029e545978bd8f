import { describe, expect, it } from '@jest/globals';
import { DatabaseEnv } from './database.env.js';
import { databaseOptionsFromEnv, poolConfig, toDataSourceOptions } from './database.options.js';

const writerUrl = 'postgres://app:secret@10.0.0.1:5432/app';
const readerUrls = ['postgres://app:secret@10.0.0.2:5432/app', 'postgres://app:secret@10.0.0.3:5432/app'];

describe(databaseOptionsFromEnv.name, () => {
  it('maps every DB_* variable to its option', () => {
    const env = Object.assign(new DatabaseEnv(), {
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: readerUrls,
      DB_POOL_MAX: 20,
      DB_STATEMENT_TIMEOUT_MS: 1_500,
      DB_CONNECT_TIMEOUT_MS: 700,
      DB_IDLE_TIMEOUT_MS: 9_000,
    });

    expect(databaseOptionsFromEnv(env)).toEqual({
      writerUrl,
      readerUrls,
      poolMax: 20,
      statementTimeoutMs: 1_500,
      connectTimeoutMs: 700,
      idleTimeoutMs: 9_000,
    });
  });
});

describe(toDataSourceOptions.name, () => {
  const onPoolError = (): void => undefined;

  it('builds a postgres replication config: writer as master, each reader as a slave, never synchronize', () => {
    const sut = toDataSourceOptions({ writerUrl, readerUrls, entities: [] }, onPoolError);

    expect(sut.replication).toEqual({
      master: { url: writerUrl },
      slaves: readerUrls.map((url) => ({ url })),
      defaultMode: 'master',
    });
    expect(sut.synchronize).toBe(false);
    expect(sut.migrationsRun).toBe(false);
    expect(sut.poolErrorHandler).toBe(onPoolError);
  });

  it('has no slaves when no reader is configured, so reads go to the writer', () => {
    const sut = toDataSourceOptions({ writerUrl, readerUrls: [], entities: [] }, onPoolError);

    expect(sut.replication?.slaves).toEqual([]);
  });
});

describe(poolConfig.name, () => {
  it('applies the documented defaults when nothing is configured', () => {
    expect(poolConfig({ writerUrl, readerUrls: [] })).toEqual({
      max: 10,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 5_000,
      keepAlive: true,
    });
  });

  it('passes pool size, timeouts and the application name through to node-postgres', () => {
    const sut = poolConfig({
      writerUrl,
      readerUrls: [],
      poolMax: 3,
      statementTimeoutMs: 250,
      connectTimeoutMs: 100,
      idleTimeoutMs: 1_000,
      applicationName: 'payment-service',
    });

    expect(sut).toMatchObject({
      max: 3,
      statement_timeout: 250,
      connectionTimeoutMillis: 100,
      idleTimeoutMillis: 1_000,
      application_name: 'payment-service',
    });
  });
});
