import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Logger, metrics } from '@app/observability';
import { retry } from '@app/resilience';
// Integration tests run against the real harness; the tag rule (data-access ↛ testing) targets src, not tests.
import { type RedisServer, startRedis } from '@app/testing';
import { type Redis } from 'ioredis';
import { pino } from 'pino';
import { CacheAside, closeRedis, createRedis, pingRedis } from '../src/index.js';

interface Token {
  subject: string;
  expiresInSeconds: number;
}

// Counts its calls, so a test can tell a cache hit (no call) from a load.
class CountingLoader<T> {
  calls = 0;

  constructor(private readonly value: T) {}

  readonly load = (): Promise<T> => {
    this.calls++;
    return Promise.resolve(this.value);
  };
}

const COMMAND_TIMEOUT_MS = 300;

describe(CacheAside.name, () => {
  let server: RedisServer;
  let redis: Redis;
  let logLines: { msg: string; cache?: string }[];
  let sut: CacheAside;
  let cacheCount = 0;

  function capturingLogger(): Logger {
    return pino(
      { level: 'info' },
      { write: (line: string) => logLines.push(JSON.parse(line) as { msg: string }) },
    );
  }

  async function untilConnected(): Promise<void> {
    await retry(() => pingRedis(redis), { retries: 50, baseDelayMs: 20, maxDelayMs: 100 });
  }

  async function requestCount(result: 'hit' | 'miss' | 'error'): Promise<number> {
    const { values } = await metrics.cacheRequests.get();
    const cache = `tokens-${cacheCount}`;
    return values.find((v) => v.labels.cache === cache && v.labels.result === result)?.value ?? 0;
  }

  beforeAll(async () => {
    server = await startRedis({ password: 'cache-test' });
    redis = createRedis({ url: server.url, commandTimeoutMs: COMMAND_TIMEOUT_MS }, pino({ level: 'silent' }));
    await untilConnected();
  });

  afterAll(async () => {
    closeRedis(redis);
    await server.close();
  });

  beforeEach(() => {
    logLines = [];
    sut = new CacheAside(redis, {
      name: `tokens-${++cacheCount}`,
      logger: capturingLogger(),
      warnIntervalMs: 60_000,
    });
  });

  it('answers from Redis after the first load', async () => {
    const loader = new CountingLoader<Token>({ subject: 'user-1', expiresInSeconds: 60 });

    const first = await sut.getOrLoad('user-1', loader.load, 60);
    const second = await sut.getOrLoad('user-1', loader.load, 60);

    expect(second).toEqual(first);
    expect(loader.calls).toBe(1);
    await expect(requestCount('miss')).resolves.toBe(1);
    await expect(requestCount('hit')).resolves.toBe(1);
  });

  it('sets the TTL the value asks for', async () => {
    const loader = new CountingLoader<Token>({ subject: 'user-2', expiresInSeconds: 42 });

    await sut.getOrLoad('user-2', loader.load, (token) => token.expiresInSeconds);

    const ttl = await redis.ttl(`tokens-${cacheCount}:user-2`);
    expect(ttl).toBeGreaterThan(40);
    expect(ttl).toBeLessThanOrEqual(42);
  });

  it('does not cache a value whose TTL is zero', async () => {
    const loader = new CountingLoader<Token>({ subject: 'user-3', expiresInSeconds: 0 });

    await sut.getOrLoad('user-3', loader.load, (token) => token.expiresInSeconds);
    await sut.getOrLoad('user-3', loader.load, (token) => token.expiresInSeconds);

    expect(loader.calls).toBe(2);
    await expect(redis.exists(`tokens-${cacheCount}:user-3`)).resolves.toBe(0);
  });

  it('forgets a deleted key', async () => {
    await sut.set('user-4', { subject: 'user-4', expiresInSeconds: 60 }, 60);

    await sut.delete('user-4');

    await expect(sut.get('user-4')).resolves.toBeUndefined();
  });

  describe('when Redis hangs, goes down and comes back', () => {
    afterAll(async () => {
      if (!server.isRunning()) await server.start();
    });

    it(
      'reads through to the loader when Redis hangs, cut off by the command timeout',
      async () => {
        await sut.set('user-7', { subject: 'cached', expiresInSeconds: 60 }, 60);
        server.pause();
        const loader = new CountingLoader<Token>({ subject: 'loaded', expiresInSeconds: 60 });

        const value = await sut.getOrLoad('user-7', loader.load, 60).finally(() => server.resume());

        expect(value.subject).toBe('loaded');
        expect(loader.calls).toBe(1);
      },
      // Generous against a busy machine; a client without commandTimeout would hang past it.
      20 * COMMAND_TIMEOUT_MS,
    );

    it('reads through to the loader while Redis is down, warning once', async () => {
      await sut.set('user-5', { subject: 'cached', expiresInSeconds: 60 }, 60);
      await server.stop('kill');
      const loader = new CountingLoader<Token>({ subject: 'loaded', expiresInSeconds: 60 });

      const first = await sut.getOrLoad('user-5', loader.load, 60);
      const second = await sut.getOrLoad('user-5', loader.load, 60);
      await sut.delete('user-5');

      expect([first.subject, second.subject]).toEqual(['loaded', 'loaded']);
      expect(loader.calls).toBe(2);
      expect(logLines.filter((line) => line.msg === 'cache unavailable, reading through')).toHaveLength(1);
      await expect(requestCount('error')).resolves.toBe(2);
      await expect(pingRedis(redis)).rejects.toThrow();
    });

    it('uses the cache again once Redis is back', async () => {
      await server.start();
      await untilConnected();
      const loader = new CountingLoader<Token>({ subject: 'user-6', expiresInSeconds: 60 });

      await sut.getOrLoad('user-6', loader.load, 60);
      await sut.getOrLoad('user-6', loader.load, 60);

      expect(loader.calls).toBe(1);
      await expect(requestCount('hit')).resolves.toBe(1);
    });
  });
});
