import { type RedisConnectionOptions } from '@app/cache';
import { type DynamicModule, Module } from '@nestjs/common';

import { AuthGuard } from './auth.guard.js';
import { HttpIntrospector } from './http.introspector.js';
import { JwksVerifier } from './jwks.verifier.js';
import { RedisRevocationDenylist } from './redis-revocation.denylist.js';
import { RedisTokenCache } from './redis-token.cache.js';
import { RevocationSubscriber } from './revocation.subscriber.js';
import { Introspector, LocalVerifier, RevocationDenylist, TokenCache } from './token-ports.js';
import { TokenRedis } from './token-redis.js';
import { TokenValidator } from './token-validator.js';
import { TOKENS_OPTIONS } from './tokens.constants.js';
import { type TokensOptions } from './tokens.env.js';

export interface TokensModuleOptions {
  tokens: TokensOptions;
  /** The token cache and denylist live in the service's Redis; this module opens its own two connections. */
  redis: RedisConnectionOptions;
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
        { provide: TokenRedis, useFactory: () => new TokenRedis(options.redis) },
        { provide: TokenCache, useClass: RedisTokenCache },
        { provide: RevocationDenylist, useClass: RedisRevocationDenylist },
        { provide: Introspector, useClass: HttpIntrospector },
        { provide: LocalVerifier, useClass: JwksVerifier },
        RevocationSubscriber,
        TokenValidator,
        AuthGuard,
      ],
      exports: [TokenValidator, AuthGuard],
    };
  }
}
