import { createHash, randomBytes } from 'node:crypto';

import { createHttpApp } from '@app/server';
import {
  freePort,
  type PgCluster,
  type RedisServer,
  runOnce,
  type ServiceProcess,
  startPostgres,
  startRedis,
  startService,
} from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type Type, UseGuards } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';

import {
  AuthGuard,
  type AuthenticatedUser,
  CurrentUser,
  TokensModule,
  type TokensOptions,
} from '../src/tokens/index.js';
import { tokenValidations } from '../src/tokens/token-metrics.js';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'payment-service';
const CLIENT = { id: 'payments', secret: 'payments-introspection-secret' };

@Controller('whoami')
@UseGuards(AuthGuard)
class WhoAmIController {
  @Get()
  whoami(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}

function tokensApp(options: TokensOptions, redisUrl: string): Type {
  @Module({
    imports: [TokensModule.forRoot({ tokens: options, redis: { url: redisUrl } })],
    controllers: [WhoAmIController],
  })
  class TokensTestModule {}
  return TokensTestModule;
}

/** token_validation_total for one path and result. */
async function servedBy(path: 'cache' | 'introspection' | 'jwks', result = 'valid'): Promise<number> {
  const { values } = await tokenValidations.get();
  return values.find((v) => v.labels.path === path && v.labels.result === result)?.value ?? 0;
}

// The real auth-service, built and run as its own process next to real Postgres and Redis; the
// payment side is TokensModule in a real Nest app (the same bootstrap as the service) driven over inject.
describe(TokensModule.name, () => {
  let pg: PgCluster;
  let redis: RedisServer;
  let auth: ServiceProcess;
  let app: NestFastifyApplication;
  let userIndex = 0;

  async function login(): Promise<{ access_token: string; refresh_token: string }> {
    userIndex += 1;
    const credentials = {
      email: `payer-${userIndex}@example.test`,
      password: `correct horse battery ${userIndex}`,
    };
    const post = (path: string) =>
      fetch(`${auth.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      });
    const registered = await post('/auth/register');
    if (registered.status !== 201)
      throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
    const loggedIn = await post('/auth/login');
    if (loggedIn.status !== 200)
      throw new Error(`login answered ${loggedIn.status}: ${await loggedIn.text()}`);
    return (await loggedIn.json()) as { access_token: string; refresh_token: string };
  }

  function whoami(token?: string) {
    return app.inject({
      method: 'GET',
      url: '/whoami',
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  }

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres({ replica: false }), startRedis()]);
    const { writerUrl } = await pg.createDatabase('auth');
    const env = {
      LOG_LEVEL: 'warn',
      DB_WRITER_URL: writerUrl,
      DB_POOL_MAX: '4',
      REDIS_URL: redis.url,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      INTROSPECTION_CLIENTS: `${CLIENT.id}:${CLIENT.secret}`,
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '2000',
    };
    await runOnce({ entry: 'apps/auth-service/dist/cli/migrate.js', env });
    auth = await startService({
      entry: 'apps/auth-service/dist/main.js',
      env,
      readyPath: '/health/ready',
      name: 'auth-service',
    });

    const options: TokensOptions = {
      // The first instance is dead: every call must move on to the live one.
      introspectionUrls: [
        `http://127.0.0.1:${await freePort()}/internal/introspect`,
        `${auth.url}/internal/introspect`,
      ],
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      jwksUrl: `${auth.url}/auth/.well-known/jwks.json`,
      issuer: ISSUER,
      audience: AUDIENCE,
      introspectionTimeoutMs: 1_000,
      breakerResetMs: 500,
      jwksRefreshSeconds: 3_600,
      cacheMaxTtlSeconds: 900,
      clockToleranceSeconds: 5,
    };
    app = await createHttpApp(tokensApp(options, redis.url), {
      service: 'payment-service',
      bodyLimitBytes: 65_536,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await auth?.close();
    await Promise.all([pg?.close(), redis?.close()]);
  });

  describe('401 answers', () => {
    it('answers a missing token with 401 problem+json and WWW-Authenticate: Bearer', async () => {
      const res = await whoami();

      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({ status: 401, type: 'urn:problem-type:missing-token' });
    });

    it('answers garbage with 401 invalid_token', async () => {
      const res = await whoami('garbage');

      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });

    it("answers a token forged under auth's own kid with 401", async () => {
      const { access_token } = await login();
      const { kid } = decodeProtectedHeader(access_token);
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT({ jti: 'forged-jti' })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setSubject('victim')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);

      const res = await whoami(forged);

      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });
  });

  it('asks auth (past a dead instance) first, then serves the same token from the cache', async () => {
    const { access_token } = await login();
    const introspected = await servedBy('introspection');
    const cached = await servedBy('cache');

    const first = await whoami(access_token);
    const second = await whoami(access_token);

    expect(first.statusCode).toBe(200);
    expect(first.json<AuthenticatedUser>()).toEqual({
      id: expect.any(String),
      jti: expect.any(String),
      exp: expect.any(Number),
    });
    expect(second.json()).toEqual(first.json());
    expect(await servedBy('introspection')).toBe(introspected + 1);
    expect(await servedBy('cache')).toBe(cached + 1);
  });

  it('rejects a revoked token while the cache and auth are up, and drops its cache entry', async () => {
    const { access_token } = await login();
    expect((await whoami(access_token)).statusCode).toBe(200);
    const cacheKey = `tokens:${createHash('sha256').update(access_token).digest('hex')}`;
    const redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await redisClient.exists(cacheKey)).toBe(1);

      const logout = await fetch(`${auth.url}/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(logout.status).toBe(204);

      // Dropped by the revocation subscriber, before any request could find it.
      await waitFor(async () => (await redisClient.exists(cacheKey)) === 0);
      expect((await whoami(access_token)).statusCode).toBe(401);
    } finally {
      redisClient.disconnect();
    }
  });

  it('goes to introspection when Redis is down, although the token was cached', async () => {
    const { access_token } = await login();
    expect((await whoami(access_token)).statusCode).toBe(200);
    await redis.stop();
    try {
      const introspected = await servedBy('introspection');

      const res = await whoami(access_token);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('introspection')).toBe(introspected + 1);
    } finally {
      await redis.start();
    }
  });

  it('verifies against the cached JWKS when auth is down, and still honours the denylist', async () => {
    const [live, revoked] = [await login(), await login()];
    await fetch(`${auth.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${revoked.access_token}` },
    });
    await auth.stop();
    try {
      const viaJwks = await servedBy('jwks');

      const res = await whoami(live.access_token);
      const rejected = await whoami(revoked.access_token);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('jwks')).toBe(viaJwks + 1);
      expect(rejected.statusCode).toBe(401);
      expect(await servedBy('jwks', 'revoked')).toBeGreaterThanOrEqual(1);
    } finally {
      await auth.start();
    }
  });

  it('verifies against the cached JWKS when auth and Redis are both down', async () => {
    const { access_token } = await login();
    await Promise.all([auth.stop(), redis.stop()]);
    try {
      const viaJwks = await servedBy('jwks');

      const res = await whoami(access_token);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('jwks')).toBe(viaJwks + 1);
    } finally {
      await redis.start();
      await auth.start();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
