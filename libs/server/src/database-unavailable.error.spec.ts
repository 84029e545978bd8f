import { describe, expect, it } from '@jest/globals';

import { DatabaseUnavailableError, toServiceUnavailable } from './database-unavailable.error.js';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe(toServiceUnavailable.name, () => {
  it('turns an outage into a 503 with Retry-After and leaves other errors alone', () => {
    const mapped = toServiceUnavailable(withCode('ECONNRESET'));
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).headers).toEqual({ 'Retry-After': '2' });
    const other = new TypeError('bug');
    expect(toServiceUnavailable(other)).toBe(other);
  });
});
