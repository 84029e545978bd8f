import { describe, expect, it } from '@jest/globals';
import { FakeRefreshTokenStore } from './refresh-token.store.fake.js';
import { hashRefreshToken, RefreshTokens } from './refresh-tokens.service.js';

function setup() {
  let now = Date.now();
  const store = new FakeRefreshTokenStore();
  return { store, sut: new RefreshTokens(store, 3600, () => now), advance: (s: number) => (now += s * 1000) };
}

describe(RefreshTokens.name, () => {
  it('issues a 32-byte base64url token and stores only its hash', async () => {
    const { sut, store } = setup();
    const { token } = await sut.issue('user-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...store.rows.keys()]).toEqual([hashRefreshToken(token)]);
  });

  it('rotates a fresh token into a new one of the same family', async () => {
    const { sut } = setup();
    const first = await sut.issue('user-1');
    const outcome = await sut.rotate(first.token);
    expect(outcome).toMatchObject({ kind: 'rotated', userId: 'user-1', familyId: first.familyId });
    if (outcome.kind !== 'rotated') throw new Error('not rotated');
    expect(outcome.token).not.toBe(first.token);
    await expect(sut.rotate(outcome.token)).resolves.toMatchObject({ kind: 'rotated' });
  });

  it('revokes the whole family when a used token is presented again', async () => {
    const { sut, store } = setup();
    const first = await sut.issue('user-1');
    const second = await sut.rotate(first.token);
    await expect(sut.rotate(first.token)).resolves.toMatchObject({
      kind: 'reused',
      familyId: first.familyId,
    });
    expect(store.family(first.familyId).every((row) => row.revokedAt !== null)).toBe(true);
    if (second.kind !== 'rotated') throw new Error('not rotated');
    await expect(sut.rotate(second.token)).resolves.toEqual({ kind: 'invalid' });
  });

  it('refuses an unknown token', async () => {
    const { sut } = setup();
    await expect(sut.rotate('nope')).resolves.toEqual({ kind: 'invalid' });
  });

  it('refuses an expired token', async () => {
    const { sut, advance } = setup();
    const { token } = await sut.issue('user-1');
    advance(3600);
    await expect(sut.rotate(token)).resolves.toEqual({ kind: 'invalid' });
  });

  it('leaves other families alone', async () => {
    const { sut } = setup();
    const a = await sut.issue('user-1');
    const b = await sut.issue('user-1');
    await sut.revokeFamily(a.familyId);
    await expect(sut.rotate(b.token)).resolves.toMatchObject({ kind: 'rotated' });
  });

  it('names the family only to the user who owns the token', async () => {
    const { sut } = setup();
    const { token, familyId } = await sut.issue('user-1');
    await expect(sut.familyOf(token, 'user-1')).resolves.toBe(familyId);
    await expect(sut.familyOf(token, 'user-2')).resolves.toBeUndefined();
  });
});
