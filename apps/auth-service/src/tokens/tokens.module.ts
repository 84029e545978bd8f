import { Module } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type Redis } from 'ioredis';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG, AUTH_REDIS } from '../config/tokens.js';
import { KeyRing } from '../keys/key-ring.js';
import { KeysModule } from '../keys/keys.module.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { AccessTokens } from './access-tokens.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { RedisRevocationCache } from './redis-revocation.cache.js';
import { RevocationReseed } from './revocation-reseed.js';
import { Revocations } from './revocations.js';
import { RevokedTokensRepository } from './revoked-tokens.repository.js';
import { TokenAuthenticator } from './token-authenticator.js';

/** Access tokens: issued and verified with the key ring, revoked through the database and Redis. */
@Module({
  imports: [KeysModule],
  providers: [
    {
      provide: AccessTokens,
      useFactory: (ring: KeyRing, { auth }: AuthConfig) =>
        new AccessTokens(ring, {
          issuer: auth.JWT_ISSUER,
          audience: auth.JWT_AUDIENCE,
          ttlSeconds: auth.ACCESS_TOKEN_TTL_SECONDS,
          clockToleranceSeconds: auth.CLOCK_TOLERANCE_SECONDS,
        }),
      inject: [KeyRing, AUTH_CONFIG],
    },
    { provide: RevokedTokensRepository, useFactory: (db: Database) => new RevokedTokensRepository(db), inject: [Database] },
    {
      provide: RedisRevocationCache,
      useFactory: (redis: Redis, guard: RedisGuard) => new RedisRevocationCache(redis, guard),
      inject: [AUTH_REDIS, RedisGuard],
    },
    {
      provide: Revocations,
      useFactory: (store: RevokedTokensRepository, cache: RedisRevocationCache) => new Revocations(store, cache, createLogger('auth')),
      inject: [RevokedTokensRepository, RedisRevocationCache],
    },
    {
      provide: TokenAuthenticator,
      useFactory: (tokens: AccessTokens, revocations: Revocations) => new TokenAuthenticator(tokens, revocations),
      inject: [AccessTokens, Revocations],
    },
    BearerAuthGuard,
    RevocationReseed,
  ],
  exports: [AccessTokens, Revocations, TokenAuthenticator, BearerAuthGuard],
})
export class TokensModule {}
