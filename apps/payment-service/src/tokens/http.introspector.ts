import { type IntrospectionResponse } from '@app/auth-contract';
import { createLogger } from '@app/observability';
import { type Breaker, createBreaker } from '@app/resilience';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

import { Introspector } from './token-ports.js';
import { TOKENS_OPTIONS } from './tokens.constants.js';
import { type TokensOptions } from './tokens.env.js';

const logger = createLogger('auth-introspection');

/** Every auth instance failed; the breaker counts it, the validator falls back to JWKS. */
export class AuthUnreachableError extends Error {
  override readonly name = 'AuthUnreachableError';
}

/**
 * `POST /internal/introspect` on auth, through the `auth.introspect` breaker. Calls start at the
 * next instance each time (spreading load) and move on when one cannot be reached or answers 5xx.
 */
@Injectable()
export class HttpIntrospector extends Introspector implements OnModuleDestroy {
  private readonly breaker: Breaker<[string], IntrospectionResponse>;
  private readonly authorization: string;
  private next = 0;

  constructor(@Inject(TOKENS_OPTIONS) private readonly options: TokensOptions) {
    super();
    this.authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
    this.breaker = createBreaker('auth.introspect', (signal, token: string) => this.ask(signal, token), {
      timeoutMs: options.introspectionTimeoutMs,
      resetTimeoutMs: options.breakerResetMs,
      volumeThreshold: options.breakerVolumeThreshold,
      logger,
    });
  }

  introspect(token: string): Promise<IntrospectionResponse> {
    return this.breaker.fire(token);
  }

  onModuleDestroy(): void {
    this.breaker.shutdown();
  }

  private async ask(signal: AbortSignal, token: string): Promise<IntrospectionResponse> {
    const urls = this.options.introspectionUrls;
    const start = this.next++ % urls.length;
    const failures: string[] = [];
    for (let i = 0; i < urls.length; i++) {
      const url = urls[(start + i) % urls.length];
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: this.authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
          signal,
        });
      } catch (err) {
        if (signal.aborted) throw err;
        failures.push(`${url}: ${causeOf(err)}`);
        continue;
      }
      if (response.status >= 500) {
        await response.arrayBuffer();
        failures.push(`${url}: ${response.status}`);
        continue;
      }
      // 401 here means our client credentials are wrong: as useless as an outage, and loud.
      if (!response.ok) {
        await response.arrayBuffer();
        logger.error(
          { url, status: response.status },
          'introspection refused; check AUTH_CLIENT_ID/AUTH_CLIENT_SECRET',
        );
        throw new AuthUnreachableError(`introspection refused with ${response.status}`);
      }
      return (await response.json()) as IntrospectionResponse;
    }
    throw new AuthUnreachableError(`no auth instance answered: ${failures.join('; ')}`);
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
