import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { ValidationProblemError } from '@app/problem-details';

import { requestFingerprint } from './request-fingerprint.js';

// The canonical form every release before ADR 0008 wrote into idempotency_keys.fingerprint,
// frozen here to prove that keys stored by a running old replica still match after the upgrade.
function releasedFingerprint(method: string, path: string, body: unknown): string {
  const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map((item) => canonical(item ?? null)).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
    }
    return JSON.stringify(value);
  };
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${canonical(body ?? null)}`)
    .digest('hex');
}

describe(requestFingerprint.name, () => {
  const body = { amount: 100, currency: 'eur', metadata: { b: '2', a: '1' } };

  it('is a SHA-256 hex digest', () => {
    expect(requestFingerprint('POST', '/payments', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order at every depth', () => {
    const reordered = { metadata: { a: '1', b: '2' }, currency: 'eur', amount: 100 };
    expect(requestFingerprint('POST', '/payments', reordered)).toBe(
      requestFingerprint('POST', '/payments', body),
    );
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
    expect(requestFingerprint('PUT', '/payments', body)).not.toBe(
      requestFingerprint('POST', '/payments', body),
    );
  });

  it('treats a missing body like an empty one only when both are null', () => {
    expect(requestFingerprint('POST', '/x', undefined)).toBe(requestFingerprint('POST', '/x', null));
    expect(requestFingerprint('POST', '/x', undefined)).not.toBe(requestFingerprint('POST', '/x', {}));
  });

  it('matches the digests the previous release stored for the same requests', () => {
    // Printed by the pre-ADR-0008 requestFingerprint for these exact requests.
    const refund = '/payments/0b9c5e2e-7f57-4a57-9a0e-8b8f2d6f1c11/refunds';
    const payment = {
      amount: 1999,
      currency: 'eur',
      payment_method: 'pm_card_ok',
      description: 'Zimmer 12 – Frühstück ☕ 😀',
      metadata: { order: '42', café: 'ü' },
    };
    expect(requestFingerprint('POST', '/payments', payment)).toBe(
      '7a3d3ca2d99281bab2080be0c676d6f1aae0ace183fb810c48fbd39e0fea96dc',
    );
    expect(requestFingerprint('POST', refund, { amount: 500 })).toBe(
      'e2c528a5b6279ec4289d7969d61627b1f4cacddc6c00064c30e98ec1af5ca1f4',
    );
    expect(requestFingerprint('post', refund, undefined)).toBe(
      'adfce017f280e69c4e7a2d68bd473686db5238cbbdf3f34f5b8a4b2dd37d8ccb',
    );
  });

  it('equals the previous release for every body JSON.parse can produce with well-formed strings', () => {
    const parsedBody = fc
      .json({ maxDepth: 4, stringUnit: 'binary' })
      .map((text) => JSON.parse(text) as unknown);
    fc.assert(
      fc.property(parsedBody, (parsed) => {
        expect(requestFingerprint('POST', '/payments', parsed)).toBe(
          releasedFingerprint('POST', '/payments', parsed),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a body with a lone surrogate as a validation problem, not a 500', () => {
    const parsed = JSON.parse('{"description":"\\ud800"}') as unknown;
    expect(() => requestFingerprint('POST', '/payments', parsed)).toThrow(ValidationProblemError);
  });
});
