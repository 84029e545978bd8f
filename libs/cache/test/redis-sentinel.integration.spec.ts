import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@app/config';
import { retry } from '@app/resilience';
// Integration tests run against the real harness; the tag rule (data-access ↛ testing) targets src, not tests.
import { type RedisSentinel, type RedisServer, startRedis, startRedisSentinel } from '@app/testing';
import { type Redis } from 'ioredis';
import { pino } from 'pino';
import { CacheAside, closeRedis, createRedis, pingRedis, RedisEnv, redisOptionsFromEnv } from '../src/index.js';

describe(`${createRedis.name} through Sentinel`, () => {
  let server: RedisServer;
  let sentinel: RedisSentinel;
  let sut: Redis;

  beforeAll(async () => {
    server = await startRedis({ password: 'sentinel-test' });
    sentinel = await startRedisSentinel({ master: server, masterName: 'cachemaster' });
    const env = loadConfig(
      { redis: RedisEnv },
      {
        REDIS_SENTINELS: `${sentinel.host}:${sentinel.port}`,
        REDIS_MASTER_NAME: sentinel.masterName,
        REDIS_PASSWORD: 'sentinel-test',
      },
    ).redis;
    sut = createRedis(redisOptionsFromEnv(env), pino({ level: 'silent' }));
    await retry(() => pingRedis(sut), { retries: 50, baseDelayMs: 20, maxDelayMs: 100 });
  });

  afterAll(async () => {
    closeRedis(sut);
    await sentinel.close();
    await server.close();
  });

  it('reaches the master the sentinel names, from the environment', async () => {
    const [role] = (await sut.role()) as [string];
    const [, port] = (await sut.config('GET', 'port')) as [string, string];

    expect(role).toBe('master');
    expect(Number(port)).toBe(server.port);
  });

  it('serves a cache through that connection', async () => {
    const cache = new CacheAside(sut, { name: 'sentinel-cache' });
    let loads = 0;
    const load = () => Promise.resolve({ loads: ++loads });

    await cache.getOrLoad('k', load, 60);
    const cached = await cache.getOrLoad('k', load, 60);

    expect(cached).toEqual({ loads: 1 });
  });
});
