import 'reflect-metadata';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';

import { captureLogs, createLogger, ObservabilityModule } from '../src/index.js';

// A logger from a "non-Nest lib": created at import, outside any request.
const libLogger = createLogger('probe-lib');

@Controller('payments')
class ProbeController {
  @Get(':id')
  async find(@Param('id') id: string): Promise<{ id: string }> {
    await sleep(1);
    libLogger.info({ payment: id }, 'payment read');
    return { id };
  }

  @Post()
  create(@Body() body: { password: string; card: { token: string } }): { ok: true } {
    libLogger.info({ body }, 'payment created');
    return { ok: true };
  }
}

@Module({ imports: [ObservabilityModule.forRoot({ service: 'probe' })], controllers: [ProbeController] })
class ProbeModule {}

describe(ObservabilityModule.name, () => {
  const logs = captureLogs();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    logs.restore();
  });

  function linesFor(requestId: string) {
    return logs.lines.filter((line) => line['request_id'] === requestId);
  }

  it('passes a valid X-Request-Id through to the response', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/payments/p1',
      headers: { 'x-request-id': 'edge:abc-12345' },
    });

    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('edge:abc-12345');
  });

  it('generates a uuid when the request has none', async () => {
    const res = await app.inject({ method: 'GET', url: '/payments/p1' });

    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it.each([['short'], ['has spaces in it'], ['x'.repeat(129)], ['semi;colon;value']])(
    'replaces the invalid id %s with a fresh one',
    async (invalid) => {
      const res = await app.inject({
        method: 'GET',
        url: '/payments/p1',
        headers: { 'x-request-id': invalid },
      });

      expect(res.headers['x-request-id']).not.toBe(invalid);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('puts the request id on lines from createLogger loggers inside a handler', async () => {
    await app.inject({ method: 'GET', url: '/payments/p2', headers: { 'x-request-id': 'trace-get-0001' } });

    expect(linesFor('trace-get-0001')).toContainEqual(
      expect.objectContaining({ component: 'probe-lib', msg: 'payment read', service: 'probe' }),
    );
  });

  it('keeps the request id after the body was parsed', async () => {
    await app.inject({
      method: 'POST',
      url: '/payments',
      payload: { password: 'pw', card: { token: 'tok' } },
      headers: { 'x-request-id': 'trace-post-0001' },
    });

    expect(linesFor('trace-post-0001')).toContainEqual(expect.objectContaining({ msg: 'payment created' }));
  });

  it('logs each request once with its request id, method and status', async () => {
    await app.inject({ method: 'GET', url: '/payments/p3', headers: { 'x-request-id': 'trace-done-0001' } });

    const completed = linesFor('trace-done-0001').filter((line) => line['msg'] === 'request completed');
    expect(completed).toHaveLength(1);
    // Method, url and status only: the headers (bearer token, cookies) never reach the access line.
    expect(completed[0]).toMatchObject({ req: { method: 'GET', url: '/payments/p3' }, res: { statusCode: 200 } });
    expect(completed[0]?.['req']).toEqual({ method: 'GET', url: '/payments/p3' });
  });

  it('redacts the authorization header, cookies, passwords and tokens', async () => {
    await app.inject({
      method: 'POST',
      url: '/payments',
      payload: { password: 'hunter2-pw', card: { token: 'tok_live_secret' } },
      headers: {
        'x-request-id': 'trace-redact-01',
        authorization: 'Bearer eyJ.secret',
        cookie: 'sid=s3cr3t',
      },
    });

    const text = JSON.stringify(linesFor('trace-redact-01'));
    expect(linesFor('trace-redact-01').length).toBeGreaterThanOrEqual(2);
    for (const secret of ['hunter2-pw', 'tok_live_secret', 'eyJ.secret', 's3cr3t']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
  });

  it('exposes the duration histogram by route template and status on /metrics', async () => {
    await app.inject({ method: 'GET', url: '/payments/abc' });
    await app.inject({ method: 'GET', url: '/no/such/route' });

    const res = await app.inject({ method: 'GET', url: '/metrics' });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/payments\/:id"[^}]*status="200"/,
    );
    expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/);
    expect(res.body).not.toContain('route="/payments/abc"');
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toMatch(/service="probe"/);
  });
});
