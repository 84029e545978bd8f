import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthModule } from '@app/health';
import { captureLogs } from '@app/observability';
import { Body, type CanActivate, Controller, Get, Ip, Module, Post, Req, UseGuards } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';

import { createHttpApp, startHttpApp } from '../src/index.js';

// What node-postgres throws when the primary goes away mid-failover.
const connectionLost = (): Error => new Error('Connection terminated unexpectedly');

class DatabaseGuard implements CanActivate {
  canActivate(): boolean {
    throw connectionLost();
  }
}

class EchoDto {
  @IsString()
  text: string;
}

@Controller()
class TinyController {
  @Post('echo')
  echo(@Body() dto: EchoDto): EchoDto {
    return dto;
  }

  @Get('orders')
  orders(): never {
    throw connectionLost();
  }

  @Get('guarded')
  @UseGuards(DatabaseGuard)
  guarded(): string {
    return 'unreachable';
  }

  @Get('whoami')
  whoami(@Ip() ip: string, @Req() request: { id: string }): { ip: string; requestId: string } {
    return { ip, requestId: request.id };
  }
}

@Module({
  imports: [HealthModule.forRoot({ service: 'tiny-service', dependencies: { useFactory: () => [] } })],
  controllers: [TinyController],
})
class TinyModule {}

const PROBLEM_JSON = /^application\/problem\+json/;

describe('createHttpApp', () => {
  let sut: NestFastifyApplication;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    logs = captureLogs();
    sut = await createHttpApp(TinyModule, { service: 'tiny-service', bodyLimitBytes: 1_024 });
    await sut.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await sut.close();
    logs.restore();
  });

  it('serves the OpenAPI document at /docs-json with bearer auth declared and without health routes', async () => {
    const res = await sut.inject({ method: 'GET', url: '/docs-json' });

    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.info).toMatchObject({ title: 'tiny-service', version: '1.0' });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/echo', '/whoami']));
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/health'))).toEqual([]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the Swagger UI at /docs', async () => {
    const res = await sut.inject({ method: 'GET', url: '/docs' });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers an unknown route with a 404 problem+json carrying the request id', async () => {
    const res = await sut.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'req-0123456789' },
    });

    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.headers['x-request-id']).toBe('req-0123456789');
    expect(res.json()).toMatchObject({ status: 404, instance: '/nowhere', request_id: 'req-0123456789' });
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const res = await sut.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(2_048) }),
    });

    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.json()).toMatchObject({ status: 413 });
  });

  it('validates bodies globally: an unknown field is a 422 problem', async () => {
    const res = await sut.inject({ method: 'POST', url: '/echo', payload: { text: 'hi', extra: true } });

    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('answers a handler that loses its database connection with 503 problem+json and Retry-After', async () => {
    const res = await sut.inject({ method: 'GET', url: '/orders' });

    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toMatchObject({ status: 503, type: 'urn:problem-type:database-unavailable' });
  });

  it('answers a guard that loses its database connection with the same 503', async () => {
    const res = await sut.inject({ method: 'GET', url: '/guarded' });

    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toMatchObject({ status: 503, type: 'urn:problem-type:database-unavailable' });
  });

  it('gives every request an id, the same in Fastify, the response header and the request log', async () => {
    const res = await sut.inject({ method: 'GET', url: '/whoami' });

    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.json().requestId).toBe(id);
    expect(logs.lines.some((line) => line['request_id'] === id)).toBe(true);
  });

  it('trusts X-Forwarded-For from a loopback proxy only', async () => {
    const viaProxy = await sut.inject({
      method: 'GET',
      url: '/whoami',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    const direct = await sut.inject({
      method: 'GET',
      url: '/whoami',
      remoteAddress: '198.51.100.9',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });

    expect(viaProxy.json().ip).toBe('203.0.113.7');
    expect(direct.json().ip).toBe('198.51.100.9');
  });

  it('serves the health module of the app module', async () => {
    const res = await sut.inject({ method: 'GET', url: '/health/ready' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', service: 'tiny-service' });
  });
});

@Module({
  providers: [{ provide: 'DB', useFactory: () => Promise.reject(new Error('database unreachable')) }],
})
class BrokenModule {}

describe('createHttpApp startup failure', () => {
  it('rejects with the provider error instead of aborting the process', async () => {
    const logs = captureLogs();
    try {
      await expect(createHttpApp(BrokenModule, { service: 'broken', bodyLimitBytes: 1_024 })).rejects.toThrow(
        'database unreachable',
      );
    } finally {
      logs.restore();
    }
  });
});

describe('startHttpApp', () => {
  it('listens on HOST:PORT for real HTTP and removes its signal handlers on close', async () => {
    const logs = captureLogs();
    const signalHandlers = process.listenerCount('SIGTERM');
    // PORT 0: the OS picks a free port (the env validation that requires >= 1 is not involved here).
    const sut = await startHttpApp(
      TinyModule,
      {
        PORT: 0,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        BODY_LIMIT_BYTES: 1_024,
        SHUTDOWN_DRAIN_MS: 0,
        SHUTDOWN_TIMEOUT_MS: 1_000,
      },
      { service: 'tiny-service' },
    );
    try {
      const res = await fetch(`${await sut.getUrl()}/health/live`);

      expect(res.status).toBe(200);
      expect(process.listenerCount('SIGTERM')).toBe(signalHandlers + 1);
    } finally {
      await sut.close();
      logs.restore();
    }
    expect(process.listenerCount('SIGTERM')).toBe(signalHandlers);
  });
});
