import { describe, expect, it } from '@jest/globals';
import { revokedJtiKey } from './index.js';

describe('revokedJtiKey', () => {
  it('namespaces the jti so consumers and auth read the same key', () => {
    expect(revokedJtiKey('abc')).toBe('auth:revoked:jti:abc');
  });
});
