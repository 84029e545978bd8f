import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

import { bootHealthApp } from '../test/support/boot-health-app.js';
import { FakeDependency } from '../test/support/fake-dependency.js';
import { HealthModule } from './health.module.js';

describe(HealthModule.name, () => {
  const primary = new FakeDependency('primary', 'database', true);
  const replica = new FakeDependency('replica', 'database', false, { timeoutMs: 50 });
  const redis = new FakeDependency('redis', 'redis', false);
  const all = [primary, replica, redis];
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    sut = await bootHealthApp(all);
  });

  afterAll(async () => {
    await sut.close();
  });

  beforeEach(() => {
    for (const dependency of all) {
      dependency.state = 'up';
      dependency.checks = 0;
    }
  });

  describe('GET /health', () => {
    it('answers 200 ok with the documented body when every dependency is up', async () => {
      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(Object.keys(body)).toEqual(['status', 'timestamp', 'service', 'database', 'redis', 'details']);
      expect(body).toEqual({
        status: 'ok',
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        service: 'test-service',
        database: 'connected',
        redis: 'connected',
        details: {
          primary: { status: 'up', checkedBy: 'fake' },
          replica: { status: 'up', checkedBy: 'fake' },
          redis: { status: 'up', checkedBy: 'fake' },
        },
      });
    });

    it('answers 200 degraded when only Redis (non-critical) is down', async () => {
      redis.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        database: 'connected',
        redis: 'disconnected',
        details: { redis: { status: 'down', message: 'redis refused the connection' } },
      });
    });

    it('answers 200 degraded with the database still connected when only the replica is down', async () => {
      replica.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        database: 'connected',
        redis: 'connected',
        details: { replica: { status: 'down' }, primary: { status: 'up' } },
      });
    });

    it('answers 503 error in the same JSON shape when the critical primary is down', async () => {
      primary.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toMatchObject({
        status: 'error',
        service: 'test-service',
        database: 'disconnected',
        redis: 'connected',
        details: { primary: { status: 'down', message: 'primary refused the connection' } },
      });
    });

    it('reports a check that hangs past its timeout as down instead of waiting for it', async () => {
      replica.state = 'hanging';

      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        details: { replica: { status: 'down', message: 'timed out after 50 ms' } },
      });
    }, 5_000);
  });

  describe('GET /health/live', () => {
    it('answers 200 without checking any dependency, even when the primary is down', async () => {
      primary.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health/live' });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', service: 'test-service', details: {} });
      expect(all.map((d) => d.checks)).toEqual([0, 0, 0]);
    });
  });

  describe('GET /health/ready', () => {
    it('answers 200 while only non-readiness dependencies are down, without checking them', async () => {
      redis.state = 'down';
      replica.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health/ready' });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', details: { primary: { status: 'up' } } });
      expect([replica.checks, redis.checks]).toEqual([0, 0]);
    });

    it('answers 503 when a readiness dependency is down', async () => {
      primary.state = 'down';

      const res = await sut.inject({ method: 'GET', url: '/health/ready' });

      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'error', database: 'disconnected' });
    });
  });
});

describe('a non-critical readiness dependency', () => {
  const search = new FakeDependency('search', 'other', false, { readiness: true });
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    sut = await bootHealthApp([search]);
    search.state = 'down';
  });

  afterAll(async () => {
    await sut.close();
  });

  it('degrades /health (200) but fails /health/ready (503) when down', async () => {
    const health = await sut.inject({ method: 'GET', url: '/health' });
    const ready = await sut.inject({ method: 'GET', url: '/health/ready' });

    expect([health.statusCode, health.json().status]).toEqual([200, 'degraded']);
    expect([ready.statusCode, ready.json().status]).toEqual([503, 'error']);
  });

  it('leaves out the database and redis fields when the service has neither', async () => {
    const res = await sut.inject({ method: 'GET', url: '/health' });

    expect(Object.keys(res.json())).toEqual(['status', 'timestamp', 'service', 'details']);
  });
});

const PROBED = Symbol('PROBED');

@Module({
  providers: [{ provide: PROBED, useValue: new FakeDependency('primary', 'database', true) }],
  exports: [PROBED],
})
class ProbedModule {}

describe('HealthModule.forRoot', () => {
  it('builds the dependencies from providers of the modules it is given', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        HealthModule.forRoot({
          service: 'test-service',
          dependencies: {
            imports: [ProbedModule],
            inject: [PROBED],
            useFactory: (db: FakeDependency) => [db],
          },
        }),
      ],
    }).compile();
    const sut = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await sut.init();

    try {
      const res = await sut.inject({ method: 'GET', url: '/health' });

      expect(res.json()).toMatchObject({ status: 'ok', details: { primary: { status: 'up' } } });
    } finally {
      await sut.close();
    }
  });

  it('refuses two dependencies with the same key', async () => {
    const twins = [new FakeDependency('redis', 'redis', false), new FakeDependency('redis', 'redis', false)];

    await expect(bootHealthApp(twins)).rejects.toThrow('Duplicate health dependency keys: redis');
  });
});
