import { createHash } from 'node:crypto';
import { type AccessTokenClaims, type RevocationMessage } from '@app/auth-contract';
import { type Logger } from '@app/observability';
import { type RevocationCache, type RevokedTokenStore } from './revocation.store.js';

/**
 * Access-token revocation: written to the database first (it survives a Redis restart), then
 * to the Redis denylist and the revocation channel, which are best effort: a Redis outage
 * must not fail a logout.
 */
export class Revocations {
  constructor(
    private readonly store: RevokedTokenStore,
    private readonly cache: RevocationCache,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async revoke(token: string, claims: AccessTokenClaims): Promise<void> {
    await this.store.insert(claims.jti, new Date(claims.exp * 1000));
    const ttlSeconds = claims.exp - Math.floor(this.now() / 1000);
    if (ttlSeconds <= 0) return;
    const message: RevocationMessage = {
      jti: claims.jti,
      token_sha256: createHash('sha256').update(token).digest('hex'),
      exp: claims.exp,
    };
    try {
      await this.cache.add(claims.jti, ttlSeconds);
      await this.cache.publish(JSON.stringify(message));
    } catch (err) {
      this.logger.warn({
        msg: 'revocation not pushed to redis; the database copy stands',
        jti: claims.jti,
        err: String(err),
      });
    }
  }

  /** Redis first; the database answers when Redis cannot. */
  async isRevoked(jti: string): Promise<boolean> {
    const cached = await this.cache.has(jti);
    if (cached !== undefined) return cached;
    return this.store.isRevoked(jti);
  }

  /** Copies every live revocation back into Redis (after Redis lost its data). */
  async reseed(): Promise<number> {
    const live = await this.store.listLive();
    const nowSeconds = Math.floor(this.now() / 1000);
    let count = 0;
    for (const { jti, expiresAt } of live) {
      const ttl = Math.floor(expiresAt.getTime() / 1000) - nowSeconds;
      if (ttl <= 0) continue;
      await this.cache.add(jti, ttl);
      count++;
    }
    return count;
  }
}
