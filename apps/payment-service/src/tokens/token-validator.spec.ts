import { createHash } from 'node:crypto';

import { beforeEach, describe, expect, it } from '@jest/globals';

import { type CachedClaims } from './authenticated-user.js';
import { FakeDenylist, FakeIntrospector, FakeLocalVerifier, FakeTokenCache } from './token-fakes.js';
import { tokenValidations } from './token-metrics.js';
import { TokenValidator, unverifiedClaim } from './token-validator.js';
import { AuthUnavailableError, InvalidTokenError } from './tokens.errors.js';

const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';
const KEY = createHash('sha256').update(TOKEN).digest('hex');

/** A token whose payload names its jti, as auth's tokens do (the signature is never checked here). */
function tokenWithJti(jti: string): { token: string; key: string } {
  const payload = Buffer.from(JSON.stringify({ sub: 'user-1', jti })).toString('base64url');
  const token = `eyJhbGciOiJFZERTQSJ9.${payload}.c2lnbmF0dXJl`;
  return { token, key: createHash('sha256').update(token).digest('hex') };
}

function claims(overrides: Partial<CachedClaims> = {}): CachedClaims {
  return { sub: 'user-1', jti: 'jti-1', exp: Math.floor(Date.now() / 1000) + 600, ...overrides };
}

async function served(path: string, result: string): Promise<number> {
  const { values } = await tokenValidations.get();
  return values.find((v) => v.labels.path === path && v.labels.result === result)?.value ?? 0;
}

describe(TokenValidator.name, () => {
  let cache: FakeTokenCache;
  let introspector: FakeIntrospector;
  let verifier: FakeLocalVerifier;
  let denylist: FakeDenylist;
  let sut: TokenValidator;

  beforeEach(() => {
    cache = new FakeTokenCache();
    introspector = new FakeIntrospector();
    verifier = new FakeLocalVerifier();
    denylist = new FakeDenylist();
    sut = new TokenValidator(cache, introspector, verifier, denylist);
  });

  it('rejects a token that is not a compact JWS without asking anyone', async () => {
    await expect(sut.validate('not-a-jwt')).rejects.toBeInstanceOf(InvalidTokenError);

    expect(introspector.calls).toBe(0);
    expect(verifier.calls).toBe(0);
  });

  it('serves a cached token from the cache without introspection', async () => {
    cache.entries.set(KEY, claims());
    const before = await served('cache', 'valid');

    await expect(sut.validate(TOKEN)).resolves.toEqual({ id: 'user-1', jti: 'jti-1', exp: claims().exp });

    expect(introspector.calls).toBe(0);
    expect(await served('cache', 'valid')).toBe(before + 1);
  });

  it('rejects a cached token whose jti is on the denylist and drops the entry', async () => {
    cache.entries.set(KEY, claims());
    denylist.revoked.add('jti-1');

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(InvalidTokenError);

    expect(cache.entries.has(KEY)).toBe(false);
  });

  it('asks the denylist for the jti its payload names, and rejects that cached token when revoked', async () => {
    const { token, key } = tokenWithJti('jti-1');
    cache.entries.set(key, claims());
    denylist.revoked.add('jti-1');

    await expect(sut.validate(token)).rejects.toBeInstanceOf(InvalidTokenError);

    expect(cache.entries.has(key)).toBe(false);
  });

  it("checks the cached jti, not the payload's, when the two differ", async () => {
    const { token, key } = tokenWithJti('jti-claimed');
    cache.entries.set(key, claims({ jti: 'jti-cached' }));
    denylist.revoked.add('jti-cached');

    await expect(sut.validate(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('serves a cached token whose payload jti is not revoked', async () => {
    const { token, key } = tokenWithJti('jti-1');
    cache.entries.set(key, claims());

    await expect(sut.validate(token)).resolves.toEqual({ id: 'user-1', jti: 'jti-1', exp: claims().exp });
  });

  it('reads a claim only from a JSON payload with a short string value', () => {
    expect(unverifiedClaim(tokenWithJti('j-1').token, 'jti')).toBe('j-1');
    expect(unverifiedClaim(tokenWithJti('j-1').token, 'sub')).toBe('user-1');
    expect(unverifiedClaim(TOKEN, 'jti')).toBeUndefined();
    expect(unverifiedClaim('a.bm90LWpzb24.c', 'jti')).toBeUndefined();
    expect(unverifiedClaim('a.bnVsbA.c', 'jti')).toBeUndefined();
    expect(unverifiedClaim(`a.${Buffer.from('{"jti":7}').toString('base64url')}.c`, 'jti')).toBeUndefined();
    expect(unverifiedClaim(`a.${Buffer.from(JSON.stringify({ sub: 'x'.repeat(256) })).toString('base64url')}.c`, 'sub')).toBeUndefined();
  });

  it('introspects on a miss and caches the active answer under the token hash', async () => {
    const exp = claims().exp;
    introspector.answer = {
      active: true,
      token_type: 'access_token',
      iss: 'i',
      aud: 'a',
      iat: exp - 900,
      sub: 'user-1',
      jti: 'jti-1',
      exp,
    };
    const before = await served('introspection', 'valid');

    await expect(sut.validate(TOKEN)).resolves.toEqual({ id: 'user-1', jti: 'jti-1', exp });

    expect(cache.entries.get(KEY)).toEqual({ sub: 'user-1', jti: 'jti-1', exp });
    expect(await served('introspection', 'valid')).toBe(before + 1);
  });

  it('rejects an inactive token from introspection and caches nothing', async () => {
    introspector.answer = { active: false };

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(InvalidTokenError);

    expect(cache.entries.size).toBe(0);
    expect(verifier.calls).toBe(0);
  });

  it('verifies locally against JWKS when auth cannot be asked, and caches nothing', async () => {
    introspector.answer = 'unreachable';
    verifier.claims = claims();
    const before = await served('jwks', 'valid');

    await expect(sut.validate(TOKEN)).resolves.toMatchObject({ id: 'user-1' });

    expect(cache.entries.size).toBe(0);
    expect(await served('jwks', 'valid')).toBe(before + 1);
  });

  it('rejects a locally valid token that is on the denylist', async () => {
    introspector.answer = 'unreachable';
    verifier.claims = claims();
    denylist.revoked.add('jti-1');

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('accepts a locally valid token when the denylist cannot answer (the documented weaker mode)', async () => {
    introspector.answer = 'unreachable';
    verifier.claims = claims();
    denylist.available = false;

    await expect(sut.validate(TOKEN)).resolves.toMatchObject({ id: 'user-1' });
  });

  it('rejects a token that fails local verification', async () => {
    introspector.answer = 'unreachable';
    verifier.claims = undefined;

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('answers 503 rather than guessing when auth is down and no signing key is known', async () => {
    introspector.answer = 'unreachable';
    verifier.claims = 'no-keys';

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(AuthUnavailableError);
  });

  it('ignores a cached entry past its exp and asks auth again', async () => {
    cache.entries.set(KEY, claims({ exp: Math.floor(Date.now() / 1000) - 1 }));
    introspector.answer = { active: false };

    await expect(sut.validate(TOKEN)).rejects.toBeInstanceOf(InvalidTokenError);

    expect(introspector.calls).toBe(1);
  });
});
