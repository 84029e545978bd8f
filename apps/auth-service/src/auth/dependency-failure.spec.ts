import { describe, expect, it } from '@jest/globals';
import { ServiceUnavailableError } from './auth.errors.js';
import { isDatabaseUnavailable, toServiceUnavailable } from './dependency-failure.js';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    [
      'a write on a demoted primary (TypeORM-wrapped)',
      Object.assign(new Error('q'), { driverError: { code: '25006' } }),
    ],
    ['a statement timeout', withCode('57014')],
    ['too many connections', withCode('53300')],
  ])('is true for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a programming error', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('is false for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe(toServiceUnavailable.name, () => {
  it('turns an outage into a 503 with Retry-After and leaves other errors alone', () => {
    const mapped = toServiceUnavailable(withCode('ECONNRESET'));
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as ServiceUnavailableError).headers).toEqual({ 'Retry-After': '5' });
    const other = new TypeError('bug');
    expect(toServiceUnavailable(other)).toBe(other);
  });
});
