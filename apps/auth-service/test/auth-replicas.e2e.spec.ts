import { REVOCATION_CHANNEL, revokedJtiKey } from '@app/auth-contract';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { purgeExpired } from '../src/cli/purge-expired.command.js';
import { rotateKeys } from '../src/cli/rotate-keys.command.js';
import { type AuthApp, type AuthHarness, bootAuthApp, startAuthHarness } from './support/auth-harness.js';
import { basicAuth, call, freshIp, GOOD_PASSWORD, registerAndLogin } from './support/http.js';
import { type Jwk, verifyIndependently } from './support/independent-jws.js';

let harness: AuthHarness;
let a: AuthApp;
let b: AuthApp;

beforeAll(async () => {
  harness = await startAuthHarness();
  harness.env['SIGNING_KEY_REFRESH_SECONDS'] = '1';
  a = await bootAuthApp(harness.env);
  b = await bootAuthApp(harness.env);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await harness?.close();
});

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
describe('two replicas on one database and one Redis', () => {
  it('starts with exactly one signing key, shared by both', async () => {
    const jwksA = await call(a.app, 'GET', '/auth/.well-known/jwks.json');
    const jwksB = await call(b.app, 'GET', '/auth/.well-known/jwks.json');
    expect((jwksA.body['keys'] as Jwk[]).length).toBe(1);
    expect(jwksB.body).toEqual(jwksA.body);
  });

  it('accepts on one replica a token minted by the other, and a refresh token too', async () => {
    const { tokens } = await registerAndLogin(a.app);
    expect((await call(b.app, 'GET', '/auth/me', { bearer: tokens.access_token })).status).toBe(200);
    const refreshed = await call(b.app, 'POST', '/auth/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    // The reuse lands on the other replica and is still caught.
    expect(
      (await call(a.app, 'POST', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).status,
    ).toBe(401);
  });

  it('lets only one of two simultaneous refreshes with the same token win', async () => {
    const { tokens } = await registerAndLogin(a.app);
    const answers = await Promise.all([
      call(a.app, 'POST', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } }),
      call(b.app, 'POST', '/auth/refresh', { body: { refresh_token: tokens.refresh_token } }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it('shares brute-force counters: failures on both replicas add up', async () => {
    const { email } = await registerAndLogin(a.app);
    for (const app of [a.app, b.app, a.app, b.app, a.app]) {
      expect(
        (
          await call(app, 'POST', '/auth/login', {
            body: { email, password: 'wrong password' },
            ip: freshIp(),
          })
        ).status,
      ).toBe(401);
    }
    expect(
      (await call(b.app, 'POST', '/auth/login', { body: { email, password: GOOD_PASSWORD }, ip: freshIp() }))
        .status,
    ).toBe(429);
  });

  it('sees a logout made on the other replica', async () => {
    const { tokens } = await registerAndLogin(a.app);
    expect((await call(a.app, 'POST', '/auth/logout', { bearer: tokens.access_token })).status).toBe(204);
    expect((await call(b.app, 'GET', '/auth/me', { bearer: tokens.access_token })).status).toBe(401);
    const introspected = await call(b.app, 'POST', '/internal/introspect', {
      body: { token: tokens.access_token },
      headers: { authorization: basicAuth() },
    });
    expect(introspected.body).toEqual({ active: false });
  });
});

describe('revocation broadcast', () => {
  it('publishes a RevocationMessage on logout so token caches drop the entry', async () => {
    const subscriber = new Redis(harness.redis.url, { maxRetriesPerRequest: 1 });
    try {
      const received = new Promise<string>((resolve) =>
        subscriber.on('message', (_channel, message: string) => resolve(message)),
      );
      await subscriber.subscribe(REVOCATION_CHANNEL);
      const { tokens } = await registerAndLogin(a.app);
      await call(b.app, 'POST', '/auth/logout', { bearer: tokens.access_token });
      const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as {
        jti: string;
        exp: number;
      };
      expect(JSON.parse(await received)).toEqual({
        jti: claims.jti,
        token_sha256: createHash('sha256').update(tokens.access_token).digest('hex'),
        exp: claims.exp,
      });
    } finally {
      subscriber.disconnect();
    }
  });
});

describe('key rotation (nx run auth-service:rotate-keys)', () => {
  it('keeps old tokens valid, signs new ones with the new kid, and publishes both keys', async () => {
    const before = await registerAndLogin(a.app);
    const oldKid = kidOf(before.tokens.access_token);

    const report = await rotateKeys(harness.env);
    expect(report.retiredKids).toEqual([oldKid]);
    await sleep(1_100); // one SIGNING_KEY_REFRESH_SECONDS: both replicas reload

    for (const app of [a.app, b.app]) {
      const after = await call(app, 'POST', '/auth/login', {
        body: { email: before.email, password: GOOD_PASSWORD },
        ip: freshIp(),
      });
      expect(kidOf(after.body['access_token'] as string)).toBe(report.activeKid);
      expect((await call(app, 'GET', '/auth/me', { bearer: before.tokens.access_token })).status).toBe(200);
      const jwks = (await call(app, 'GET', '/auth/.well-known/jwks.json')).body as unknown as { keys: Jwk[] };
      expect(jwks.keys.map((key) => key.kid).sort()).toEqual([oldKid, report.activeKid].sort());
      const expected = { iss: harness.env['JWT_ISSUER']!, aud: harness.env['JWT_AUDIENCE']! };
      expect(() => verifyIndependently(before.tokens.access_token, jwks, expected)).not.toThrow();
      expect(() => verifyIndependently(after.body['access_token'] as string, jwks, expected)).not.toThrow();
    }
  });
});

describe('housekeeping (nx run auth-service:purge-expired)', () => {
  it('deletes rows that protect nothing and keeps live ones', async () => {
    const { user } = await registerAndLogin(a.app);
    const db = a.db.writer;
    await db.query(`INSERT INTO revoked_tokens (jti, expires_at) VALUES ('dead-jti', now() - interval '1 minute'),
      ('live-jti', now() + interval '10 minutes')`);
    await db.query(
      `INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
       VALUES (gen_random_uuid(), $1, 'stale-hash', now() - interval '2 days')`,
      [user['id']],
    );
    await db.query(
      `INSERT INTO login_throttles (key, failures, reset_at) VALUES ('auth:bf:ip:stale', 3, now() - interval '1 hour')`,
    );

    const report = await purgeExpired(harness.env);

    expect(report).toEqual({ revokedTokens: 1, refreshTokens: 1, loginThrottles: 1 });
    const live: unknown[] = await db.query(`SELECT 1 FROM revoked_tokens WHERE jti = 'live-jti'`);
    expect(live).toHaveLength(1);
  });
});

describe('Redis hanging (paused)', () => {
  it('opens the Redis breaker and keeps answering from the database', async () => {
    // The breaker registry lists the newest instance's breaker: drive that one (b).
    const { tokens } = await registerAndLogin(b.app);
    harness.redis.pause();
    try {
      // Concurrent calls, so the timeouts outweigh the earlier successes in the breaker's window.
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => call(b.app, 'GET', '/auth/me', { bearer: tokens.access_token })),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      }
      const health = await call(b.app, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body['status']).toBe('degraded');
      expect(JSON.stringify(health.body['details'])).toContain('"auth.redis":"open"');
      expect((await call(b.app, 'POST', '/auth/logout', { bearer: tokens.access_token })).status).toBe(204);
      expect((await call(a.app, 'GET', '/auth/me', { bearer: tokens.access_token })).status).toBe(401);
    } finally {
      harness.redis.resume();
    }
  });
});

describe('Redis down', () => {
  let survivor: Awaited<ReturnType<typeof registerAndLogin>>;
  let revokedWhileDown: string;

  beforeAll(async () => {
    survivor = await registerAndLogin(a.app);
    await harness.redis.stop();
  });

  it('reports degraded health but still 200', async () => {
    const health = await call(a.app, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', redis: 'disconnected', database: 'connected' });
  });

  it('still registers, logs in, refreshes, authenticates and logs out', async () => {
    const fresh = await registerAndLogin(b.app);
    expect((await call(a.app, 'GET', '/auth/me', { bearer: fresh.tokens.access_token })).status).toBe(200);
    const refreshed = await call(a.app, 'POST', '/auth/refresh', {
      body: { refresh_token: survivor.tokens.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    revokedWhileDown = refreshed.body['access_token'] as string;
    expect((await call(b.app, 'POST', '/auth/logout', { bearer: revokedWhileDown })).status).toBe(204);
    // No Redis denylist to read: the database copy answers.
    expect((await call(a.app, 'GET', '/auth/me', { bearer: revokedWhileDown })).status).toBe(401);
  });

  it('still enforces brute-force limits, through the database, on both replicas', async () => {
    const { email } = await registerAndLogin(a.app);
    for (const app of [a.app, b.app, a.app, b.app, a.app]) {
      expect(
        (
          await call(app, 'POST', '/auth/login', {
            body: { email, password: 'wrong password' },
            ip: freshIp(),
          })
        ).status,
      ).toBe(401);
    }
    const locked = await call(b.app, 'POST', '/auth/login', {
      body: { email, password: GOOD_PASSWORD },
      ip: freshIp(),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('forgives an account its failures on a good login, through the database', async () => {
    const { email } = await registerAndLogin(a.app);
    const attempt = async (app: typeof a.app, password: string) =>
      (await call(app, 'POST', '/auth/login', { body: { email, password }, ip: freshIp() })).status;
    for (const app of [a.app, b.app, a.app, b.app]) expect(await attempt(app, 'wrong password')).toBe(401);
    expect(await attempt(b.app, GOOD_PASSWORD)).toBe(200);
    for (const app of [a.app, b.app, a.app, b.app]) expect(await attempt(app, 'wrong password')).toBe(401);
    expect(await attempt(a.app, GOOD_PASSWORD)).toBe(200);
  });

  it('puts revocations back into Redis once it returns empty', async () => {
    await harness.redis.start();
    const probe = new Redis(harness.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await probe.connect();
      const jti = (
        JSON.parse(Buffer.from(revokedWhileDown.split('.')[1]!, 'base64url').toString()) as { jti: string }
      ).jti;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await probe.exists(revokedJtiKey(jti))) === 0) await sleep(100);
      expect(await probe.exists(revokedJtiKey(jti))).toBe(1);
      expect((await call(b.app, 'GET', '/auth/me', { bearer: revokedWhileDown })).status).toBe(401);
    } finally {
      probe.disconnect();
    }
  });
});

describe('database primary down', () => {
  let session: Awaited<ReturnType<typeof registerAndLogin>>;

  beforeAll(async () => {
    session = await registerAndLogin(a.app);
    await harness.pg.primary.stop('immediate');
  });

  afterAll(async () => {
    if (!harness.pg.primary.isRunning()) await harness.pg.primary.start();
  });

  it('answers 503 with Retry-After, never 500, and health says error', async () => {
    const login = await call(a.app, 'POST', '/auth/login', {
      body: { email: session.email, password: GOOD_PASSWORD },
      ip: freshIp(),
    });
    expect(login.status).toBe(503);
    expect(login.headers['retry-after']).toBe('2');
    expect(login.headers['content-type']).toContain('application/problem+json');
    const refresh = await call(b.app, 'POST', '/auth/refresh', {
      body: { refresh_token: session.tokens.refresh_token },
    });
    expect(refresh.status).toBe(503);
    expect((await call(a.app, 'GET', '/health')).status).toBe(503);
  });

  it('serves again once the primary is back', async () => {
    await harness.pg.primary.start();
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (
        await call(a.app, 'POST', '/auth/refresh', { body: { refresh_token: session.tokens.refresh_token } })
      ).status;
      if (status !== 200) await sleep(250);
    }
    expect(status).toBe(200);
  });
});
