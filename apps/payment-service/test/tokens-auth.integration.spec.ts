import { createHash } from 'node:crypto';

import { createHttpApp } from '@app/server';
import { freePort, type PgCluster, type RedisServer, startPostgres, startRedis } from '@app/testing';
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
import { RealAuth } from './support/real-auth.js';

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
  let auth: RealAuth;
  let app: NestFastifyApplication;

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
    auth = await RealAuth.start({ writerUrl, redisUrl: redis.url });

    const options: TokensOptions = {
      // The first instance is dead: every call must move on to the live one.
      introspectionUrls: [
        `http://127.0.0.1:${await freePort()}/internal/introspect`,
        `${auth.url}/internal/introspect`,
      ],
      clientId: auth.client.id,
      clientSecret: auth.client.secret,
      jwksUrl: `${auth.url}/auth/.well-known/jwks.json`,
      issuer: auth.issuer,
      audience: auth.audience,
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
      const { accessToken } = await auth.signUp();
      const { kid } = decodeProtectedHeader(accessToken);
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT({ jti: 'forged-jti' })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .setSubject('victim')
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);

      const res = await whoami(forged);

      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });
  });

  it('asks auth (past a dead instance) first, then serves the same token from the cache', async () => {
    const { accessToken } = await auth.signUp();
    const introspected = await servedBy('introspection');
    const cached = await servedBy('cache');

    const first = await whoami(accessToken);
    const second = await whoami(accessToken);

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
    const { accessToken } = await auth.signUp();
    expect((await whoami(accessToken)).statusCode).toBe(200);
    const cacheKey = `tokens:${createHash('sha256').update(accessToken).digest('hex')}`;
    const redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      expect(await redisClient.exists(cacheKey)).toBe(1);

      await expect(auth.logout(accessToken)).resolves.toBeUndefined();

      // Dropped by the revocation subscriber, before any request could find it.
      await waitFor(async () => (await redisClient.exists(cacheKey)) === 0);
      expect((await whoami(accessToken)).statusCode).toBe(401);
    } finally {
      redisClient.disconnect();
    }
  });

  it('goes to introspection when Redis is down, although the token was cached', async () => {
    const { accessToken } = await auth.signUp();
    expect((await whoami(accessToken)).statusCode).toBe(200);
    await redis.stop();
    try {
      const introspected = await servedBy('introspection');

      const res = await whoami(accessToken);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('introspection')).toBe(introspected + 1);
    } finally {
      await redis.start();
    }
  });

  it('verifies against the cached JWKS when auth is down, and still honours the denylist', async () => {
    const [live, revoked] = [await auth.signUp(), await auth.signUp()];
    await auth.logout(revoked.accessToken);
    await auth.service.stop();
    try {
      const viaJwks = await servedBy('jwks');

      const res = await whoami(live.accessToken);
      const rejected = await whoami(revoked.accessToken);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('jwks')).toBe(viaJwks + 1);
      expect(rejected.statusCode).toBe(401);
      expect(await servedBy('jwks', 'revoked')).toBeGreaterThanOrEqual(1);
    } finally {
      await auth.service.start();
    }
  });

  it('verifies against the cached JWKS when auth and Redis are both down', async () => {
    const { accessToken } = await auth.signUp();
    await Promise.all([auth.service.stop(), redis.stop()]);
    try {
      const viaJwks = await servedBy('jwks');

      const res = await whoami(accessToken);

      expect(res.statusCode).toBe(200);
      expect(await servedBy('jwks')).toBe(viaJwks + 1);
    } finally {
      await redis.start();
      await auth.service.start();
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
