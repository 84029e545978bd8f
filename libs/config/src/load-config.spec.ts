import { describe, expect, it } from '@jest/globals';
import { IsArray, IsBoolean, IsOptional, IsString, IsUrl, Matches, Min } from 'class-validator';

import { ConfigError } from './config.error.js';
import { BooleanString, CommaSeparated } from './env.decorators.js';
import { HttpEnv } from './http.env.js';
import { loadConfig } from './load-config.js';

class SecretEnv {
  @IsString()
  @Min(100, { message: 'never echo $value' })
  API_SECRET: string;
}

class FeatureEnv {
  @BooleanString()
  @IsBoolean()
  FEATURE_ON: boolean = false;

  @CommaSeparated()
  @IsArray()
  @IsUrl({ require_tld: false }, { each: true })
  UPSTREAMS: string[] = [];

  @IsOptional()
  @IsString()
  NICKNAME?: string;
}

class ProductionSecretsEnv {
  @Matches(/^[A-Za-z0-9+/]{43}=$/)
  KEY_ENCRYPTION_KEY: string;

  @IsString()
  DB_WRITER_URL: string;

  @IsOptional()
  @IsString()
  PSP_WEBHOOK_SECRET?: string;
}

const REAL_KEY = 'q3v1Xo2b3Gq1Sxk3nq8o0mQ9cF2l7pZr5TtYwU4aH0k=';
const ZERO_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const EXAMPLE = {
  KEY_ENCRYPTION_KEY: ZERO_KEY,
  DB_WRITER_URL: 'postgres://payment_service:change-me-payment-db@haproxy:5000/payment',
  PSP_WEBHOOK_SECRET: 'change-me-psp-webhook-secret',
};

function thrownBy(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe(loadConfig.name, () => {
  it('converts strings to the declared types and keeps defaults for unset keys', () => {
    const sut = loadConfig({ http: HttpEnv }, { PORT: '3000', BODY_LIMIT_BYTES: '1024' });

    expect(sut.http).toBeInstanceOf(HttpEnv);
    expect(sut.http).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1024,
      SHUTDOWN_DRAIN_MS: 3000,
      SHUTDOWN_TIMEOUT_MS: 10000,
    });
  });

  it('ignores variables no section declares', () => {
    const sut = loadConfig({ http: HttpEnv }, { PORT: '3000', PATH: '/usr/bin', UNRELATED: 'x' });

    expect(Object.keys(sut.http)).not.toContain('PATH');
    expect(Object.keys(sut.http)).not.toContain('UNRELATED');
  });

  it('treats an empty variable as unset so the default applies', () => {
    const sut = loadConfig({ http: HttpEnv }, { PORT: '3000', HOST: '' });

    expect(sut.http.HOST).toBe('127.0.0.1');
  });

  it('reports every bad or missing key across all sections in one error', () => {
    const err = thrownBy(() =>
      loadConfig(
        { http: HttpEnv, feature: FeatureEnv },
        { HOST: '0.0.0.0', LOG_LEVEL: 'loud', FEATURE_ON: 'maybe', UPSTREAMS: 'http://a:1,not a url' },
      ),
    );

    expect(err.keys.sort()).toEqual(['FEATURE_ON', 'LOG_LEVEL', 'PORT', 'UPSTREAMS']);
    expect(err.message).toMatch(/^Invalid environment: /);
    expect(err.reasons['PORT']).toContain('isInt');
  });

  it('never puts a value in the error, even one a validator message would echo', () => {
    const secret = 'hunter2-super-secret-value';

    const err = thrownBy(() => loadConfig({ secrets: SecretEnv }, { API_SECRET: secret }));

    expect(err.keys).toEqual(['API_SECRET']);
    expect(err.message).toBe('Invalid environment: API_SECRET');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(secret);
  });

  it('rejects a non-numeric value for a number', () => {
    const err = thrownBy(() => loadConfig({ http: HttpEnv }, { PORT: 'eighty' }));

    expect(err.keys).toEqual(['PORT']);
  });

  it('reads process.env when no env is given', () => {
    process.env['PORT'] = '4321';
    try {
      expect(loadConfig({ http: HttpEnv }).http.PORT).toBe(4321);
    } finally {
      delete process.env['PORT'];
    }
  });
});

describe(CommaSeparated.name, () => {
  it('splits, trims and drops empty items', () => {
    const sut = loadConfig({ feature: FeatureEnv }, { UPSTREAMS: ' http://a:1 , ,http://b:2,' });

    expect(sut.feature.UPSTREAMS).toEqual(['http://a:1', 'http://b:2']);
  });
});

describe(BooleanString.name, () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['off', false],
  ])('reads %s as %s', (raw, expected) => {
    const sut = loadConfig({ feature: FeatureEnv }, { FEATURE_ON: raw });

    expect(sut.feature.FEATURE_ON).toBe(expected);
  });
});

describe('loadConfig with NODE_ENV=production', () => {
  it('refuses every placeholder, naming each variable and never its value', () => {
    const err = thrownBy(() => loadConfig({ secrets: ProductionSecretsEnv }, { NODE_ENV: 'production', ...EXAMPLE }));

    expect(err.keys.sort()).toEqual(['DB_WRITER_URL', 'KEY_ENCRYPTION_KEY', 'PSP_WEBHOOK_SECRET']);
    expect(err.reasons['KEY_ENCRYPTION_KEY']).toEqual(['placeholderSecret']);
    expect(err.message).toMatch(/refused with NODE_ENV=production: .*KEY_ENCRYPTION_KEY/);
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    for (const value of Object.values(EXAMPLE)) expect(everything).not.toContain(value);
    expect(everything).not.toContain('change-me');
  });

  it('starts on generated secrets', () => {
    const sut = loadConfig(
      { secrets: ProductionSecretsEnv },
      { NODE_ENV: 'production', KEY_ENCRYPTION_KEY: REAL_KEY, DB_WRITER_URL: 'postgres://u:9f8e7d6c5b4a@db:5432/p' },
    );
    expect(sut.secrets.KEY_ENCRYPTION_KEY).toBe(REAL_KEY);
  });

  it('lets tests and development run on the examples', () => {
    expect(loadConfig({ secrets: ProductionSecretsEnv }, { NODE_ENV: 'test', ...EXAMPLE }).secrets.KEY_ENCRYPTION_KEY).toBe(ZERO_KEY);
    expect(loadConfig({ secrets: ProductionSecretsEnv }, EXAMPLE).secrets.PSP_WEBHOOK_SECRET).toBe(EXAMPLE.PSP_WEBHOOK_SECRET);
  });
});
