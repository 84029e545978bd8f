import { describe, expect, it } from '@jest/globals';
import { createRootLogger } from '@app/observability';
import { createHash } from 'node:crypto';
import { FakeRevocationCache, FakeRevokedTokenStore } from './revocation.store.fake.js';
import { Revocations } from './revocations.js';

const now = 1_700_000_000_000;
const claims = { iss: 'i', aud: 'a', sub: 'u', iat: now / 1000, exp: now / 1000 + 600, jti: 'jti-1' };

function setup() {
  const store = new FakeRevokedTokenStore();
  const cache = new FakeRevocationCache();
  return {
    store,
    cache,
    sut: new Revocations(store, cache, createRootLogger({ level: 'silent' }), () => now),
  };
}

describe(Revocations.name, () => {
  it('persists, denylists until exp and announces a revocation', async () => {
    const { sut, store, cache } = setup();
    await sut.revoke('the.token.value', claims);
    expect(store.rows.get('jti-1')).toEqual(new Date(claims.exp * 1000));
    expect(cache.entries.get('jti-1')).toBe(600);
    expect(JSON.parse(cache.published[0]!)).toEqual({
      jti: 'jti-1',
      token_sha256: createHash('sha256').update('the.token.value').digest('hex'),
      exp: claims.exp,
    });
  });

  it('still revokes, in the database, while Redis is down', async () => {
    const { sut, store, cache } = setup();
    cache.down = true;
    await sut.revoke('t', claims);
    await expect(sut.isRevoked('jti-1')).resolves.toBe(true);
    expect(store.rows.has('jti-1')).toBe(true);
  });

  it('answers from Redis when it can', async () => {
    const { sut, cache } = setup();
    await cache.add('jti-9', 60);
    await expect(sut.isRevoked('jti-9')).resolves.toBe(true);
    await expect(sut.isRevoked('jti-8')).resolves.toBe(false);
  });

  it('re-seeds Redis with every revocation still live', async () => {
    const { sut, store, cache } = setup();
    await store.insert('live', new Date(now + 30_000));
    await store.insert('dead', new Date(now - 1_000));
    await expect(sut.reseed()).resolves.toBe(1);
    expect([...cache.entries]).toEqual([['live', 30]]);
  });
});
