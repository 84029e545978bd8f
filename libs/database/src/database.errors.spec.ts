import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import {
  isConnectionError,
  isDatabaseUnavailable,
  isRecoveryConflict,
  isSerializationFailure,
  isUniqueViolation,
} from './database.errors.js';

function pgError(code: string, message = 'server error'): Error {
  return Object.assign(new Error(message), { code });
}

function wrappedByTypeorm(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe(isUniqueViolation.name, () => {
  it('recognises 23505 raised directly or wrapped by TypeORM', () => {
    expect(isUniqueViolation(pgError('23505'))).toBe(true);
    expect(isUniqueViolation(wrappedByTypeorm(pgError('23505')))).toBe(true);
  });

  it('rejects other constraint violations and non-errors', () => {
    expect(isUniqueViolation(pgError('23503'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});

describe(isConnectionError.name, () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001'])(
    'treats code %s as a connection failure',
    (code) => {
      expect(isConnectionError(pgError(code))).toBe(true);
    },
  );

  it.each([
    'Connection terminated unexpectedly',
    'timeout exceeded when trying to connect',
    'Connection terminated due to connection timeout',
    'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
  ])('treats the uncoded node-postgres message "%s" as a connection failure', (message) => {
    expect(isConnectionError(new Error(message))).toBe(true);
  });

  it('looks inside AggregateError (multi-address connect), causes and TypeORM wrappers', () => {
    expect(isConnectionError(new AggregateError([pgError('ECONNREFUSED')], 'connect failed'))).toBe(true);
    expect(isConnectionError(new Error('outer', { cause: pgError('ECONNRESET') }))).toBe(true);
    expect(isConnectionError(wrappedByTypeorm(pgError('57P01')))).toBe(true);
  });

  it('does not treat query errors, statement timeouts or auth failures as connection failures', () => {
    expect(isConnectionError(pgError('23505'))).toBe(false);
    expect(isConnectionError(pgError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isConnectionError(pgError('28P01', 'password authentication failed'))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', pgError('ECONNREFUSED')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    [
      'a write on a demoted primary (TypeORM-wrapped)',
      Object.assign(new Error('q'), { driverError: { code: '25006' } }),
    ],
    ['a statement timeout', pgError('57014')],
    ['too many connections', pgError('53300')],
  ])('is true for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a programming error', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('is false for %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe(isSerializationFailure.name, () => {
  it('recognises serialization failures and deadlocks', () => {
    expect(isSerializationFailure(pgError('40001'))).toBe(true);
    expect(isSerializationFailure(wrappedByTypeorm(pgError('40P01')))).toBe(true);
    expect(isSerializationFailure(pgError('23505'))).toBe(false);
  });
});

describe(isRecoveryConflict.name, () => {
  it('recognises a standby cancelling a query for replay', () => {
    const conflict = pgError('40001', 'canceling statement due to conflict with recovery');
    expect(isRecoveryConflict(conflict)).toBe(true);
    expect(isRecoveryConflict(wrappedByTypeorm(conflict))).toBe(true);
  });

  it('does not mistake an ordinary serialization failure for a recovery conflict', () => {
    expect(isRecoveryConflict(pgError('40001', 'could not serialize access due to concurrent update'))).toBe(
      false,
    );
  });
});
