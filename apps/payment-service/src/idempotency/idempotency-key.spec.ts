import { describe, expect, it } from '@jest/globals';

import { parseIdempotencyKey } from './idempotency-key.js';
import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from './idempotency.errors.js';

describe(parseIdempotencyKey.name, () => {
  it('accepts a bare key', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
  });

  it('accepts the quoted sf-string form as the same key', () => {
    expect(parseIdempotencyKey('"8e03978e"')).toBe('8e03978e');
    expect(parseIdempotencyKey('"a\\"b\\\\c"')).toBe('a"b\\c');
  });

  it('answers missing for an absent or empty header', () => {
    expect(() => parseIdempotencyKey(undefined)).toThrow(IdempotencyKeyMissingError);
    expect(() => parseIdempotencyKey('')).toThrow(IdempotencyKeyMissingError);
    expect(() => parseIdempotencyKey('""')).toThrow(IdempotencyKeyMissingError);
  });

  it('accepts 255 characters and refuses 256', () => {
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    expect(() => parseIdempotencyKey('k'.repeat(256))).toThrow(IdempotencyKeyInvalidError);
  });

  it('refuses non-printable characters, malformed quoting and repeated headers', () => {
    expect(() => parseIdempotencyKey('abc\u0001')).toThrow(IdempotencyKeyInvalidError);
    expect(() => parseIdempotencyKey('"abc')).toThrow(IdempotencyKeyInvalidError);
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(IdempotencyKeyInvalidError);
  });
});
