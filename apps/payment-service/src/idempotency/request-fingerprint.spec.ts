import { describe, expect, it } from '@jest/globals';

import { canonicalJson, requestFingerprint } from './request-fingerprint.js';

describe(requestFingerprint.name, () => {
  const body = { amount: 100, currency: 'eur', metadata: { b: '2', a: '1' } };

  it('is a SHA-256 hex digest', () => {
    expect(requestFingerprint('POST', '/payments', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order at every depth', () => {
    const reordered = { metadata: { a: '1', b: '2' }, currency: 'eur', amount: 100 };
    expect(requestFingerprint('POST', '/payments', reordered)).toBe(requestFingerprint('POST', '/payments', body));
  });

  it('changes with any value in the body', () => {
    expect(requestFingerprint('POST', '/payments', { ...body, amount: 101 })).not.toBe(
      requestFingerprint('POST', '/payments', body),
    );
  });

  it('changes with the path, so one key cannot refund two payments', () => {
    expect(requestFingerprint('POST', '/payments/a/refunds', {})).not.toBe(
      requestFingerprint('POST', '/payments/b/refunds', {}),
    );
  });

  it('changes with the method', () => {
    expect(requestFingerprint('PUT', '/payments', body)).not.toBe(requestFingerprint('POST', '/payments', body));
  });

  it('treats a missing body like an empty one only when both are null', () => {
    expect(requestFingerprint('POST', '/x', undefined)).toBe(requestFingerprint('POST', '/x', null));
    expect(requestFingerprint('POST', '/x', undefined)).not.toBe(requestFingerprint('POST', '/x', {}));
  });
});

describe(canonicalJson.name, () => {
  it('sorts keys, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":[2,1]}');
  });
});
