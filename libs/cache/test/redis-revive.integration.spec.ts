import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { retry } from '@app/resilience';
// Integration tests run against the real harness; the tag rule (data-access ↛ testing) targets src, not tests.
import { type RedisServer, startRedis } from '@app/testing';
import { type Redis } from 'ioredis';
import { pino } from 'pino';
import { closeRedis, createRedis, pingRedis } from '../src/index.js';

/**
 * ioredis 5 ends a client for good when it is told to reconnect while it is connecting (what a
 * Sentinel failover's disconnect(true) can do). createRedis must bring such a client back.
 */
describe(`${createRedis.name} after ioredis gave up`, () => {
  let server: RedisServer;
  let sut: Redis;

  beforeAll(async () => {
    server = await startRedis();
    sut = createRedis({ url: server.url }, pino({ level: 'silent' }));
    await retry(() => pingRedis(sut), { retries: 50, baseDelayMs: 20, maxDelayMs: 100 });
  });

  afterAll(async () => {
    closeRedis(sut);
    await server.close();
  });

  it('connects again after a reconnect requested mid-connect left it "end"', async () => {
    const ended = new Promise<void>((resolve) => sut.once('end', () => resolve()));
    sut.disconnect(true);
    // ioredis announces "connecting" before its connector's own tick: the race, deterministically.
    await new Promise<void>((resolve) => sut.once('connecting', () => resolve(sut.disconnect(true))));
    await ended;

    await retry(() => pingRedis(sut), { retries: 50, baseDelayMs: 50, maxDelayMs: 200 });
    await expect(sut.ping()).resolves.toBe('PONG');
  });

  it('stays closed once closed on purpose', async () => {
    const other = createRedis({ url: server.url }, pino({ level: 'silent' }));
    await retry(() => pingRedis(other), { retries: 50, baseDelayMs: 20, maxDelayMs: 100 });
    closeRedis(other);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(other.status).toBe('end');
  });
});
