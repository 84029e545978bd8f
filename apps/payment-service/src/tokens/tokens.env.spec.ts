import { ConfigError, loadConfig } from '@app/config';
import { describe, expect, it } from '@jest/globals';

import { TokensEnv, tokensOptionsFromEnv } from './tokens.env.js';

describe(TokensEnv.name, () => {
  const env = {
    AUTH_INTROSPECTION_URLS:
      'http://127.0.0.1:3001/internal/introspect, http://127.0.0.1:3002/internal/introspect',
    AUTH_CLIENT_ID: 'payments',
    AUTH_CLIENT_SECRET: 'payments-introspection-secret',
    AUTH_JWKS_URL: 'http://127.0.0.1:3001/auth/.well-known/jwks.json',
    JWT_ISSUER: 'https://auth.test',
    JWT_AUDIENCE: 'payment-service',
  };

  it('reads the introspection instances as a comma-separated list, with defaults for the rest', () => {
    const { tokens } = loadConfig({ tokens: TokensEnv }, env);

    expect(tokensOptionsFromEnv(tokens)).toMatchObject({
      introspectionUrls: [
        'http://127.0.0.1:3001/internal/introspect',
        'http://127.0.0.1:3002/internal/introspect',
      ],
      introspectionTimeoutMs: 1_000,
      cacheMaxTtlSeconds: 900,
    });
  });

  it('names every missing or bad key, never its value', () => {
    const load = () =>
      loadConfig({ tokens: TokensEnv }, { ...env, AUTH_INTROSPECTION_URLS: '', AUTH_CLIENT_SECRET: '' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /AUTH_INTROSPECTION_URLS, AUTH_CLIENT_SECRET|AUTH_CLIENT_SECRET, AUTH_INTROSPECTION_URLS/,
    );
    expect(load).not.toThrow(/127\.0\.0\.1/);
  });
});
