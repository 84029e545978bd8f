import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE } from '@app/auth-contract';
import { createLogger } from '@app/observability';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify } from 'jose';

import { type CachedClaims } from './authenticated-user.js';
import { LocalVerifier } from './token-ports.js';
import { TOKENS_OPTIONS } from './tokens.constants.js';
import { type TokensOptions } from './tokens.env.js';
import { AuthUnavailableError } from './tokens.errors.js';

const logger = createLogger('jwks');
/** An unknown kid may mean a rotation; refetch on demand at most this often so forged kids cannot hammer auth. */
const ON_DEMAND_REFETCH_MS = 30_000;
const FETCH_TIMEOUT_MS = 2_000;

/**
 * Auth's public keys, fetched at start and every JWKS_REFRESH_SECONDS. A failed fetch keeps the
 * keys we have: they are exactly what is needed while auth is down.
 */
@Injectable()
export class JwksVerifier extends LocalVerifier implements OnModuleInit, OnModuleDestroy {
  private keys?: ReturnType<typeof createLocalJWKSet>;
  private lastOnDemandFetchAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(TOKENS_OPTIONS) private readonly options: TokensOptions) {
    super();
  }

  async onModuleInit(): Promise<void> {
    // refresh() never throws: payment-service starts while auth is down and fetches the keys later.
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.jwksRefreshSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async verify(token: string): Promise<CachedClaims | undefined> {
    if (this.keys === undefined && !(await this.refreshAllowed())) throw new AuthUnavailableError();
    const first = await this.tryVerify(token);
    if (first !== 'unknown-key') return first;
    if (!(await this.refreshAllowed())) return undefined;
    const second = await this.tryVerify(token);
    return second === 'unknown-key' ? undefined : second;
  }

  /** true when the keys were (re)loaded. */
  async refresh(): Promise<boolean> {
    try {
      const response = await fetch(this.options.jwksUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const jwks = (await response.json()) as JSONWebKeySet;
      this.keys = createLocalJWKSet(jwks);
      logger.debug({ keys: jwks.keys.length }, 'JWKS refreshed');
      return true;
    } catch (err) {
      logger.warn({ err: (err as Error).message, keys_kept: this.keys !== undefined }, 'JWKS refresh failed');
      return false;
    }
  }

  private async refreshAllowed(): Promise<boolean> {
    if (Date.now() - this.lastOnDemandFetchAt < ON_DEMAND_REFETCH_MS) return false;
    this.lastOnDemandFetchAt = Date.now();
    return this.refresh();
  }

  private async tryVerify(token: string): Promise<CachedClaims | undefined | 'unknown-key'> {
    if (this.keys === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      });
      return { sub: String(payload.sub), jti: String(payload.jti), exp: Number(payload.exp) };
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey) return 'unknown-key';
      logger.debug({ code: (err as { code?: string }).code }, 'token failed local verification');
      return undefined;
    }
  }
}
