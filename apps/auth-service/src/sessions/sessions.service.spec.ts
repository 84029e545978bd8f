import { describe, expect, it } from '@jest/globals';
import { createRootLogger } from '@app/observability';
import {
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  TooManyAttemptsError,
} from './sessions.errors.js';
import { LoginThrottle } from '../brute-force/login-throttle.js';
import { FakeThrottleStore } from '../brute-force/throttle-store.fake.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { FakeKeySource } from '../tokens/key-source.fake.js';
import { FakeRevocationCache, FakeRevokedTokenStore } from '../tokens/revocation.store.fake.js';
import { Revocations } from '../tokens/revocations.js';
import { FakeUsersStore } from '../users/users.store.fake.js';
import { RefreshTokens } from './refresh-tokens.service.js';
import { FakeRefreshTokenStore } from './refresh-token.store.fake.js';
import { SessionsService } from './sessions.service.js';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** Counts argon2 verifications, dummy ones included. */
class CountingHasher extends PasswordHasher {
  verifications = 0;
  override async verify(phc: string, password: string): Promise<boolean> {
    this.verifications++;
    return super.verify(phc, password);
  }
}
const lockout = { maxFailures: 3, waitIncrementSeconds: 60, maxWaitSeconds: 900, resetSeconds: 3600 };

async function setup() {
  const users = new FakeUsersStore();
  const hasher = new CountingHasher(cheap);
  const keys = new FakeKeySource();
  keys.add('k1');
  const accessTokens = new AccessTokens(keys, {
    issuer: 'iss',
    audience: 'aud',
    ttlSeconds: 900,
    clockToleranceSeconds: 5,
  });
  const refreshStore = new FakeRefreshTokenStore();
  const revokedStore = new FakeRevokedTokenStore();
  const revocations = new Revocations(
    revokedStore,
    new FakeRevocationCache(),
    createRootLogger({ level: 'silent' }),
  );
  const sut = new SessionsService(
    users,
    hasher,
    new LoginThrottle(new FakeThrottleStore(), { account: lockout, ip: { ...lockout, maxFailures: 10 } }),
    accessTokens,
    new RefreshTokens(refreshStore, 3600),
    revocations,
  );
  const user = await users.insert('ann@example.com', await hasher.hash('violet kettle orbit'));
  return { sut, users, user, hasher, accessTokens, refreshStore, revocations };
}

describe(SessionsService.name, () => {
  it('logs in with a normalised email and returns a bearer pair', async () => {
    const { sut, accessTokens, user } = await setup();
    const pair = await sut.login('  Ann@Example.COM ', 'violet kettle orbit', '10.0.0.1');
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    await expect(accessTokens.verify(pair.access_token)).resolves.toMatchObject({ sub: user.id });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const { sut } = await setup();
    const unknown = await sut
      .login('nobody@example.com', 'violet kettle orbit', '10.0.0.1')
      .catch((err: unknown) => err);
    const wrong = await sut
      .login('ann@example.com', 'not the password', '10.0.0.1')
      .catch((err: unknown) => err);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect((unknown as Error).message).toBe((wrong as Error).message);
  });

  it('spends one password verification on an unknown email too, so both failures take as long', async () => {
    const { sut, hasher } = await setup();
    await sut.login('ann@example.com', 'not the password', '10.0.0.1').catch(() => undefined);
    const forWrongPassword = hasher.verifications;
    await sut.login('nobody@example.com', 'not the password', '10.0.0.1').catch(() => undefined);
    expect(forWrongPassword).toBe(1);
    expect(hasher.verifications - forWrongPassword).toBe(1);
  });

  it('throttles an account after repeated failures, even with the right password', async () => {
    const { sut } = await setup();
    for (let i = 0; i < 3; i++) {
      await expect(sut.login('ann@example.com', 'nope nope nope', '10.0.0.1')).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    const err = await sut
      .login('ann@example.com', 'violet kettle orbit', '10.0.0.2')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyAttemptsError);
    expect((err as TooManyAttemptsError).headers).toEqual({ 'Retry-After': '60' });
  });

  it('rehashes the password when the stored parameters are outdated', async () => {
    const { sut, users, user } = await setup();
    await users.updatePasswordHash(
      user.id,
      await new PasswordHasher({ ...cheap, timeCost: 2 }).hash('violet kettle orbit'),
    );
    await sut.login('ann@example.com', 'violet kettle orbit', '10.0.0.1');
    expect(users.rows.get(user.id)?.passwordHash).toMatch(/t=1,/);
  });

  it('rotates the refresh token and kills the family when an old one comes back', async () => {
    const { sut } = await setup();
    const first = await sut.login('ann@example.com', 'violet kettle orbit', '10.0.0.1');
    const second = await sut.refresh(first.refresh_token);
    await expect(sut.refresh(first.refresh_token)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    await expect(sut.refresh(second.refresh_token)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
  });

  it('revokes the access token and its session on logout', async () => {
    const { sut, accessTokens, revocations } = await setup();
    const pair = await sut.login('ann@example.com', 'violet kettle orbit', '10.0.0.1');
    const claims = await accessTokens.verify(pair.access_token);
    await sut.logout(pair.access_token, claims);
    await expect(revocations.isRevoked(claims.jti)).resolves.toBe(true);
    await expect(sut.refresh(pair.refresh_token)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
  });

  it("does not revoke another user's session from a refresh token passed to logout", async () => {
    const { sut, users, accessTokens } = await setup();
    await users.insert('bob@example.com', await new PasswordHasher(cheap).hash('bob password 123'));
    const ann = await sut.login('ann@example.com', 'violet kettle orbit', '10.0.0.1');
    const bob = await sut.login('bob@example.com', 'bob password 123', '10.0.0.1');
    await sut.logout(ann.access_token, await accessTokens.verify(ann.access_token), bob.refresh_token);
    await expect(sut.refresh(bob.refresh_token)).resolves.toMatchObject({ token_type: 'Bearer' });
  });
});
