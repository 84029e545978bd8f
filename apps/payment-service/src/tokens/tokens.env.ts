import { CommaSeparated } from '@app/config';
import { ArrayNotEmpty, IsArray, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';

const URL_RULES = { require_tld: false, protocols: ['http', 'https'] };

export class TokensEnv {
  /** Every auth instance's introspection endpoint; the next one is tried when one cannot be reached. */
  @CommaSeparated()
  @IsArray()
  @ArrayNotEmpty()
  @IsUrl(URL_RULES, { each: true })
  AUTH_INTROSPECTION_URLS: string[] = [];

  @IsString()
  @IsNotEmpty()
  AUTH_CLIENT_ID: string;

  @IsString()
  @IsNotEmpty()
  AUTH_CLIENT_SECRET: string;

  @IsUrl(URL_RULES)
  AUTH_JWKS_URL: string;

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER: string;

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE: string;

  /** One introspection call, every instance tried included. */
  @IsInt()
  @Min(50)
  @Max(30_000)
  AUTH_INTROSPECTION_TIMEOUT_MS: number = 1_000;

  @IsInt()
  @Min(100)
  AUTH_BREAKER_RESET_MS: number = 10_000;

  @IsInt()
  @Min(1)
  JWKS_REFRESH_SECONDS: number = 300;

  /** A cached answer lives until the token's exp, and never longer than this. */
  @IsInt()
  @Min(1)
  TOKEN_CACHE_MAX_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(0)
  @Max(300)
  CLOCK_TOLERANCE_SECONDS: number = 5;
}

export interface TokensOptions {
  introspectionUrls: string[];
  clientId: string;
  clientSecret: string;
  jwksUrl: string;
  issuer: string;
  audience: string;
  introspectionTimeoutMs: number;
  breakerResetMs: number;
  /** Calls in the rolling window before the failure share may open the breaker (default 5). */
  breakerVolumeThreshold?: number;
  jwksRefreshSeconds: number;
  cacheMaxTtlSeconds: number;
  clockToleranceSeconds: number;
}

export function tokensOptionsFromEnv(env: TokensEnv): TokensOptions {
  return {
    introspectionUrls: env.AUTH_INTROSPECTION_URLS,
    clientId: env.AUTH_CLIENT_ID,
    clientSecret: env.AUTH_CLIENT_SECRET,
    jwksUrl: env.AUTH_JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    introspectionTimeoutMs: env.AUTH_INTROSPECTION_TIMEOUT_MS,
    breakerResetMs: env.AUTH_BREAKER_RESET_MS,
    jwksRefreshSeconds: env.JWKS_REFRESH_SECONDS,
    cacheMaxTtlSeconds: env.TOKEN_CACHE_MAX_TTL_SECONDS,
    clockToleranceSeconds: env.CLOCK_TOLERANCE_SECONDS,
  };
}
