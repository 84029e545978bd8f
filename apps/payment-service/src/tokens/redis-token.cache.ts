import { CacheAside } from '@app/cache';
import { Inject, Injectable } from '@nestjs/common';

import { type CachedClaims } from './authenticated-user.js';
import { TokenCache } from './token-ports.js';
import { TokenRedis } from './token-redis.js';
import { TOKENS_OPTIONS } from './tokens.constants.js';
import { type TokensOptions } from './tokens.env.js';

/** Keys `tokens:<sha256 of the token>`; the revocation message carries the same digest. */
@Injectable()
export class RedisTokenCache extends TokenCache {
  private readonly cache: CacheAside;

  constructor(
    redis: TokenRedis,
    @Inject(TOKENS_OPTIONS) private readonly options: TokensOptions,
  ) {
    super();
    this.cache = new CacheAside(redis.commands, { name: 'tokens' });
  }

  get(tokenSha256: string): Promise<CachedClaims | undefined> {
    return this.cache.get<CachedClaims>(tokenSha256);
  }

  // Never past exp: an expired token must not outlive itself in the cache.
  set(tokenSha256: string, claims: CachedClaims): Promise<void> {
    const untilExp = claims.exp - Math.floor(Date.now() / 1000);
    return this.cache.set(tokenSha256, claims, Math.min(untilExp, this.options.cacheMaxTtlSeconds));
  }

  delete(tokenSha256: string): Promise<void> {
    return this.cache.delete(tokenSha256);
  }
}
