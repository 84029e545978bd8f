import { type RedisConnectionOptions } from '@app/cache';
import { type DynamicModule, type InjectionToken, Module, type Type } from '@nestjs/common';

import { AuthGuard } from './auth.guard.js';
import { HttpIntrospector } from './http.introspector.js';
import { JwksVerifier } from './jwks.verifier.js';
import { RedisRevocationDenylist } from './redis-revocation.denylist.js';
import { RedisTokenCache } from './redis-token.cache.js';
import { RevocationSubscriber } from './revocation.subscriber.js';
import { Introspector, LocalVerifier, ReadPrefetch, RevocationDenylist, TokenCache } from './token-ports.js';
import { TokenRedis } from './token-redis.js';
import { TokenValidator } from './token-validator.js';
import { TOKENS_OPTIONS } from './tokens.constants.js';
import { type TokensOptions } from './tokens.env.js';
import { type Redis } from 'ioredis';

export interface TokensModuleOptions {
  tokens: TokensOptions;
  /** The token cache and denylist live in the service's Redis; this module opens its own two connections. */
  redis: RedisConnectionOptions;
  /** A provider of the service's own ioredis client, to run the token commands on (see TokenRedis). */
  sharedCommands?: InjectionToken;
  /** What the guard prefetches for authenticated reads (ReadPrefetch), best on the shared client. */
  readPrefetch?: Type<ReadPrefetch>;
}

/** Global, so `@UseGuards(AuthGuard)` works in every feature module. */
@Module({})
export class TokensModule {
  static forRoot(options: TokensModuleOptions): DynamicModule {
    return {
      module: TokensModule,
      global: true,
      providers: [
        { provide: TOKENS_OPTIONS, useValue: options.tokens },
        {
          provide: TokenRedis,
          useFactory: (shared?: Redis) => new TokenRedis(options.redis, shared),
          inject: options.sharedCommands ? [options.sharedCommands] : [],
        },
        ...(options.readPrefetch ? [{ provide: ReadPrefetch, useExisting: options.readPrefetch }] : []),
        { provide: TokenCache, useClass: RedisTokenCache },
        { provide: RevocationDenylist, useClass: RedisRevocationDenylist },
        { provide: Introspector, useClass: HttpIntrospector },
        { provide: LocalVerifier, useClass: JwksVerifier },
        RevocationSubscriber,
        TokenValidator,
        AuthGuard,
      ],
      // The guard is built in each controller's module, so what it injects must be exported.
      exports: [TokenValidator, AuthGuard, ...(options.readPrefetch ? [ReadPrefetch] : [])],
    };
  }
}
