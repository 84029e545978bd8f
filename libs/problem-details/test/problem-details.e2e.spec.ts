import 'reflect-metadata';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { captureLogs, ObservabilityModule } from '@app/observability';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';

import { createValidationPipe, DomainError, ProblemDetailsFilter } from '../src/index.js';

class MetadataDto {
  @IsOptional()
  @IsString()
  tag?: string;
}

class EchoDto {
  @IsString()
  name: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => MetadataDto)
  metadata?: MetadataDto;
}

class TooManyAttemptsError extends DomainError {
  readonly code = 'too-many-attempts';
  readonly title = 'Too many attempts';
  readonly status = 429;

  constructor() {
    super('Wait before trying again.', { headers: { 'Retry-After': '17' } });
  }
}

const LEAKY_MESSAGE = 'connect ECONNREFUSED postgres://app:hunter2@10.0.0.7';

@Controller()
class ProbeController {
  @Post('echo')
  echo(@Body() dto: EchoDto): EchoDto {
    return dto;
  }

  @Get('boom')
  boom(): never {
    throw new Error(LEAKY_MESSAGE);
  }

  @Get('limited')
  limited(): never {
    throw new TooManyAttemptsError();
  }
}

@Module({ imports: [ObservabilityModule.forRoot({ service: 'probe' })], controllers: [ProbeController] })
class ProbeModule {}

describe(ProblemDetailsFilter.name, () => {
  const logs = captureLogs();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: 1024 }), {
      logger: false,
    });
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    logs.restore();
  });

  function post(payload: string, contentType = 'application/json') {
    return app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': contentType } });
  }

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await post('{"name": ');

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      instance: '/echo',
    });
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await post('');

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(2000) }));

    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await post('<name>x</name>', 'application/xml');

    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ status: 415 });
  });

  it('answers unknown and invalid fields with 422 and the field list, nested paths included', async () => {
    const res = await post(JSON.stringify({ name: 7, admin: true, metadata: { tag: 'a', foo: 1 } }));

    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ type: string; errors: { field: string; message: string }[] }>();
    expect(body.type).toBe('urn:problem-type:validation-failed');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['admin', 'metadata.foo', 'name']);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?token=abc' });

    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, instance: '/nowhere' });
  });

  it('answers an unexpected error with a generic 500 and logs the stack instead', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });

    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('ECONNREFUSED');
    const logged = logs.lines.find((line) => line['component'] === 'problem-details');
    expect(JSON.stringify(logged)).toContain('ProbeController.boom');
  });

  it('sends a DomainError with its status, type and headers such as Retry-After', async () => {
    const res = await app.inject({ method: 'GET', url: '/limited' });

    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('17');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'urn:problem-type:too-many-attempts',
      title: 'Too many attempts',
      status: 429,
      detail: 'Wait before trying again.',
      instance: '/limited',
      request_id: expect.any(String),
    });
  });

  it('carries the request id, also for errors raised before routing (body parsing)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: '{',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-0001' },
    });

    expect(res.json()).toMatchObject({ status: 400, request_id: 'client-req-0001' });
  });
});
