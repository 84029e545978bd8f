import { createHash } from 'node:crypto';

import { type IntrospectionResponse } from '@app/auth-contract';
import { createLogger } from '@app/observability';
import { Injectable } from '@nestjs/common';

import { type AuthenticatedUser, type CachedClaims, userOf } from './authenticated-user.js';
import { tokenValidations, type ValidationPath, type ValidationResult } from './token-metrics.js';
import { Introspector, LocalVerifier, RevocationDenylist, TokenCache } from './token-ports.js';
import { AuthUnavailableError, InvalidTokenError } from './tokens.errors.js';

const logger = createLogger('token-validator');
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * docs/architecture.md#token-validation-in-payment-service:
 * cache (by SHA-256, denylist re-checked) → auth introspection (breaker) → local JWKS verification
 * plus the Redis denylist when auth cannot be asked. Redis down only removes the cache.
 */
@Injectable()
export class TokenValidator {
  constructor(
    private readonly cache: TokenCache,
    private readonly introspector: Introspector,
    private readonly verifier: LocalVerifier,
    private readonly denylist: RevocationDenylist,
  ) {}

  async validate(token: string): Promise<AuthenticatedUser> {
    // Garbage never costs a Redis or auth round trip.
    if (token.length > 8_192 || !COMPACT_JWS.test(token)) throw this.reject('syntax', 'invalid');
    const key = createHash('sha256').update(token).digest('hex');

    // The cache and the denylist in one Redis round trip (auto-pipelined): the jti is read from the
    // token's own payload, unverified, only to ask the denylist early; the cached claims decide.
    const claimedJti = unverifiedClaim(token, 'jti');
    const [cached, revokedEarly] = await Promise.all([
      this.cache.get(key),
      claimedJti === undefined ? undefined : this.denylist.isRevoked(claimedJti),
    ]);
    if (cached !== undefined && cached.exp > nowSeconds()) {
      // A revocation message may have been missed while subscribed elsewhere: the denylist decides.
      const revoked = cached.jti === claimedJti ? revokedEarly : await this.denylist.isRevoked(cached.jti);
      if (revoked === true) {
        await this.cache.delete(key);
        throw this.reject('cache', 'revoked');
      }
      return this.accept('cache', cached);
    }

    let answer: IntrospectionResponse;
    try {
      answer = await this.introspector.introspect(token);
    } catch (err) {
      logger.debug({ err: (err as Error).message }, 'introspection unavailable, verifying locally');
      return this.verifyLocally(token);
    }
    if (!answer.active || !(answer.exp > nowSeconds())) throw this.reject('introspection', 'invalid');
    const claims: CachedClaims = { sub: answer.sub, jti: answer.jti, exp: answer.exp };
    await this.cache.set(key, claims);
    return this.accept('introspection', claims);
  }

  // Weaker than introspection: a revocation is seen only through the Redis denylist, so with
  // Redis down too, a token revoked before its exp still passes here until it expires.
  private async verifyLocally(token: string): Promise<AuthenticatedUser> {
    let claims: CachedClaims | undefined;
    try {
      claims = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof AuthUnavailableError) tokenValidations.inc({ path: 'jwks', result: 'unavailable' });
      throw err;
    }
    if (claims === undefined) throw this.reject('jwks', 'invalid');
    const revoked = await this.denylist.isRevoked(claims.jti);
    if (revoked === true) throw this.reject('jwks', 'revoked');
    if (revoked === undefined)
      logger.debug({ jti: claims.jti }, 'denylist unavailable; revocations not checked');
    return this.accept('jwks', claims);
  }

  private accept(path: ValidationPath, claims: CachedClaims): AuthenticatedUser {
    this.count(path, 'valid');
    return userOf(claims);
  }

  private reject(path: ValidationPath, result: ValidationResult): InvalidTokenError {
    this.count(path, result);
    return new InvalidTokenError();
  }

  private count(path: ValidationPath, result: ValidationResult): void {
    tokenValidations.inc({ path, result });
    logger.debug({ path, result }, 'token validated');
  }
}

/** A string claim of a compact JWS's payload, not verified; undefined if it has none (or a long one). */
export function unverifiedClaim(token: string, claim: 'jti' | 'sub'): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const value = (payload as Record<string, unknown> | null)?.[claim];
    return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : undefined;
  } catch {
    return undefined;
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
