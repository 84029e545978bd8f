import { randomBytes, randomUUID } from 'node:crypto';

import { runOnce, type ServiceProcess, startService } from '@app/testing';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'payment-service';

export interface RealAuthOptions {
  /** auth-service's own database (migrated here), e.g. from `PgCluster.createDatabase('auth')`. */
  writerUrl: string;
  /** Shared with payment-service: revocations reach its token cache through this Redis. */
  redisUrl: string;
  /** Added to its environment, e.g. OTEL_* for the tracing test. */
  env?: Record<string, string>;
  /** Node flags before the entry (the tracing preload). */
  nodeArgs?: string[];
}

/** A registered account and the tokens its login returned. */
export interface AuthUser {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * The real auth-service, built and run as its own process (the payment-service test target builds
 * it first), migrated on its own database. Tokens come from its register and login routes.
 */
export class RealAuth {
  readonly issuer = ISSUER;
  readonly audience = AUDIENCE;

  private constructor(
    readonly service: ServiceProcess,
    /** payment-service's credential for `/internal/introspect`. */
    readonly client: { id: string; secret: string },
  ) {}

  static async start(options: RealAuthOptions): Promise<RealAuth> {
    const client = { id: 'payment-service', secret: `payments-${randomUUID()}` };
    const env = {
      LOG_LEVEL: 'warn',
      DB_WRITER_URL: options.writerUrl,
      DB_POOL_MAX: '4',
      REDIS_URL: options.redisUrl,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      INTROSPECTION_CLIENTS: `${client.id}:${client.secret}`,
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '2000',
      ...options.env,
    };
    await runOnce({ entry: 'apps/auth-service/dist/cli/migrate.js', env });
    const service = await startService({
      entry: 'apps/auth-service/dist/main.js',
      env,
      nodeArgs: options.nodeArgs,
      readyPath: '/health/ready',
      name: 'auth-service',
    });
    return new RealAuth(service, client);
  }

  get url(): string {
    return this.service.url;
  }

  /** What payment-service's TokensEnv reads to reach this auth. */
  get env(): Record<string, string> {
    return {
      AUTH_INTROSPECTION_URLS: `${this.url}/internal/introspect`,
      AUTH_JWKS_URL: `${this.url}/auth/.well-known/jwks.json`,
      AUTH_CLIENT_ID: this.client.id,
      AUTH_CLIENT_SECRET: this.client.secret,
      JWT_ISSUER: this.issuer,
      JWT_AUDIENCE: this.audience,
    };
  }

  /** Registers a new account and logs it in: `POST /auth/register`, then `POST /auth/login`. */
  async signUp(): Promise<AuthUser> {
    const credentials = {
      email: `payer-${randomUUID()}@example.test`,
      password: `correct horse battery ${randomUUID().slice(0, 8)}`,
    };
    const registered = (await this.post('/auth/register', 201, credentials)) as { id: string; email: string };
    const tokens = (await this.post('/auth/login', 200, credentials)) as {
      access_token: string;
      refresh_token: string;
    };
    return {
      id: registered.id,
      email: registered.email,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
    };
  }

  /** `POST /auth/logout`: revokes the access token at once (denylist, database, revocation message). */
  async logout(accessToken: string): Promise<void> {
    await this.post('/auth/logout', 204, undefined, accessToken);
  }

  close(): Promise<void> {
    return this.service.close();
  }

  private async post(path: string, expected: number, body?: object, bearer?: string): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`auth-service ${path} answered ${res.status}: ${text}`);
    return text.length > 0 ? JSON.parse(text) : undefined;
  }
}
