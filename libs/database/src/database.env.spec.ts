import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@app/config';
import { DatabaseEnv } from './database.env.js';

const writerUrl = 'postgres://app:secret@127.0.0.1:5432/app';

function load(env: NodeJS.ProcessEnv): DatabaseEnv {
  return loadConfig({ db: DatabaseEnv }, env).db;
}

describe(DatabaseEnv.name, () => {
  it('needs only the writer URL and defaults everything else', () => {
    const sut = load({ DB_WRITER_URL: writerUrl });

    expect({ ...sut }).toEqual({
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: [],
      DB_POOL_MAX: 10,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      DB_CONNECT_TIMEOUT_MS: 2_000,
      DB_IDLE_TIMEOUT_MS: 30_000,
    });
  });

  it('splits comma-separated reader URLs and converts numbers', () => {
    const sut = load({
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: 'postgres://a@h1:5432/app, postgresql://a@h2:5432/app,',
      DB_POOL_MAX: '25',
      DB_STATEMENT_TIMEOUT_MS: '0',
    });

    expect(sut.DB_READER_URLS).toEqual(['postgres://a@h1:5432/app', 'postgresql://a@h2:5432/app']);
    expect(sut.DB_POOL_MAX).toBe(25);
    expect(sut.DB_STATEMENT_TIMEOUT_MS).toBe(0);
  });

  it('names every invalid key (missing writer, non-postgres reader, zero pool) and never their values', () => {
    const attempt = (): DatabaseEnv => load({ DB_READER_URLS: 'mysql://a:hunter2@h/app', DB_POOL_MAX: '0' });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DB_WRITER_URL/);
    expect(attempt).toThrow(/DB_READER_URLS/);
    expect(attempt).toThrow(/DB_POOL_MAX/);
    expect(attempt).not.toThrow(/hunter2/);
  });
});
