import { describe, expect, it } from '@jest/globals';
import {
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';

import { DomainError } from './domain.error.js';
import { INTERNAL_ERROR_DETAIL, mapException } from './problem.mapper.js';
import { ValidationProblemError } from './validation-problem.error.js';

class RateLimitedError extends DomainError {
  readonly code = 'rate-limited';
  readonly title = 'Too many attempts';
  readonly status = 429;

  constructor(retryAfterSeconds: number) {
    super('Try again later.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extensions: { limit: 5 },
    });
  }
}

function fastifyError(code: string, statusCode: number, message = 'internal wording'): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

describe(mapException.name, () => {
  it('maps a DomainError to its own status, code, title, detail, extensions and headers', () => {
    const sut = mapException(new RateLimitedError(30));

    expect(sut).toEqual({
      status: 429,
      code: 'rate-limited',
      title: 'Too many attempts',
      detail: 'Try again later.',
      extensions: { limit: 5 },
      headers: { 'Retry-After': '30' },
      isServerError: false,
    });
  });

  it('maps a ValidationProblemError to 422 with the field list', () => {
    const errors = [{ field: 'metadata.foo', message: 'property foo should not exist' }];

    const sut = mapException(new ValidationProblemError(errors));

    expect(sut).toMatchObject({ status: 422, code: 'validation-failed', extensions: { errors } });
  });

  it("maps Fastify's route-schema error to the same 422 with the field list", () => {
    const schemaError = Object.assign(fastifyError('FST_ERR_VALIDATION', 400), {
      validation: [{ instancePath: '/refresh_token', keyword: 'type', message: 'must be string', params: {} }],
    });

    const sut = mapException(schemaError);

    expect(sut).toMatchObject({
      status: 422,
      code: 'validation-failed',
      extensions: { errors: [{ field: 'refresh_token', message: 'refresh_token must be string' }] },
      isServerError: false,
    });
  });

  it.each([
    [new NotFoundException('Cannot GET /nope'), 404],
    [new MethodNotAllowedException(), 405],
    [new UnauthorizedException(), 401],
    [new ForbiddenException(), 403],
    [new HttpException('slow down', 429), 429],
  ])('keeps the status of a Nest HttpException (%s)', (exception, status) => {
    expect(mapException(exception)).toMatchObject({ status, isServerError: false });
  });

  it('keeps the client-facing message of a 4xx HttpException as detail', () => {
    expect(mapException(new NotFoundException('Cannot GET /nope')).detail).toBe('Cannot GET /nope');
  });

  it('turns the message list of a stock Nest pipe into errors', () => {
    const sut = mapException(new HttpException({ message: ['a must be a string'] }, 400));

    expect(sut.extensions).toEqual({ errors: [{ field: '', message: 'a must be a string' }] });
  });

  it('hides the message of an InternalServerErrorException', () => {
    const sut = mapException(new InternalServerErrorException('db password is hunter2'));

    expect(sut).toEqual({ status: 500, detail: INTERNAL_ERROR_DETAIL, isServerError: true });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 413],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 400],
  ])('maps the Fastify error %s to %i with our own wording', (code, statusCode, status) => {
    const sut = mapException(fastifyError(code, statusCode));

    expect(sut.status).toBe(status);
    expect(sut.detail).not.toContain('internal wording');
    expect(sut.isServerError).toBe(false);
  });

  it('keeps the 4xx status of an unknown framework error but not its message', () => {
    const sut = mapException(fastifyError('FST_SOMETHING_NEW', 409, 'secret internals'));

    expect(sut).toEqual({ status: 409, isServerError: false });
  });

  it.each([
    ['an Error', new Error('connection to 10.0.0.5 failed: password authentication failed')],
    ['an error declaring status 5xx', fastifyError('FST_ERR_SOMETHING', 503)],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('answers %s with a generic 500', (_name, exception) => {
    expect(mapException(exception)).toEqual({
      status: 500,
      detail: INTERNAL_ERROR_DETAIL,
      isServerError: true,
    });
  });
});
