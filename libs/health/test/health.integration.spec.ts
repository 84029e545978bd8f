import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closeRedis, createRedis, pingRedis } from '@app/cache';
import { Database } from '@app/database';
import { retry } from '@app/resilience';
import { type PgCluster, type RedisServer, startPostgres, startRedis } from '@app/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Redis } from 'ioredis';
import { pino } from 'pino';

import { HealthModule, primaryDependency, redisDependency, replicaDependency } from '../src/index.js';
import { bootHealthApp } from './support/boot-health-app.js';

const quiet = pino({ level: 'silent' });

describe(`${HealthModule.name} on a real primary, replica and Redis`, () => {
  let cluster: PgCluster;
  let redisServer: RedisServer;
  let db: Database;
  let redis: Redis;
  let sut: NestFastifyApplication;

  async function health(): Promise<{ statusCode: number; body: Record<string, unknown> }> {
    const res = await sut.inject({ method: 'GET', url: '/health' });
    return { statusCode: res.statusCode, body: res.json() };
  }

  // Recovery after a restart takes a reconnect; poll instead of sleeping a guessed time.
  async function untilOk(): Promise<void> {
    await retry(
      async () => {
        const { body } = await health();
        if (body['status'] !== 'ok') throw new Error(`still ${String(body['status'])}`);
      },
      { retries: 60, baseDelayMs: 100, maxDelayMs: 250 },
    );
  }

  beforeAll(async () => {
    [cluster, redisServer] = await Promise.all([startPostgres({ replica: true }), startRedis()]);
    const { writerUrl, readerUrl } = await cluster.createDatabase('health_it');
    db = await Database.create({
      writerUrl,
      readerUrls: [readerUrl],
      connectTimeoutMs: 500,
      entities: [],
      logger: quiet,
    });
    redis = createRedis({ url: redisServer.url, commandTimeoutMs: 300 }, quiet);
    await retry(() => pingRedis(redis), { retries: 50, baseDelayMs: 20, maxDelayMs: 100 });
    sut = await bootHealthApp([primaryDependency(db), replicaDependency(db), redisDependency(redis)]);
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    if (redis) closeRedis(redis);
    await db?.close();
    await Promise.all([cluster?.close(), redisServer?.close()]);
  }, 60_000);

  it('answers 200 ok with the database and Redis connected', async () => {
    const { statusCode, body } = await health();

    expect(statusCode).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      database: 'connected',
      redis: 'connected',
      details: { primary: { status: 'up' }, replica: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('answers 200 degraded while Redis is stopped, and ok again once it is back', async () => {
    await redisServer.stop();
    try {
      const { statusCode, body } = await health();

      expect(statusCode).toBe(200);
      expect(body).toMatchObject({
        status: 'degraded',
        database: 'connected',
        redis: 'disconnected',
        details: { redis: { status: 'down' } },
      });
    } finally {
      await redisServer.start();
    }
    await untilOk();
  }, 60_000);

  it('answers 200 degraded with the database connected while the replica is stopped', async () => {
    await cluster.replica!.stop('fast');
    try {
      const { statusCode, body } = await health();

      expect(statusCode).toBe(200);
      expect(body).toMatchObject({
        status: 'degraded',
        database: 'connected',
        redis: 'connected',
        details: { primary: { status: 'up' }, replica: { status: 'down' } },
      });
    } finally {
      await cluster.replica!.start();
    }
    await untilOk();
  }, 60_000);

  it('answers 503 error with the database disconnected while the primary is stopped', async () => {
    await cluster.primary.stop('fast');

    const { statusCode, body } = await health();
    const ready = await sut.inject({ method: 'GET', url: '/health/ready' });

    expect(statusCode).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      database: 'disconnected',
      details: { primary: { status: 'down' } },
    });
    expect(ready.statusCode).toBe(503);
  }, 60_000);
});
