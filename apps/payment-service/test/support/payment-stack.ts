import { randomBytes } from 'node:crypto';

import { createHttpApp } from '@app/server';
import { type PgCluster, type RedisServer, startPostgres, startRedis } from '@app/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';

import { AppModule, SERVICE_NAME } from '../../src/app.module.js';
import { loadPaymentConfig, type PaymentConfig } from '../../src/config/env.js';
import { openPaymentDatabase } from '../../src/database/storage.providers.js';
import { RealAuth } from './real-auth.js';
import { Simulator } from './real-simulator.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
  /** The body exactly as sent, for byte comparisons. */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary members of JSON answers
  json: any;
}

export interface RequestOptions {
  token?: string;
  key?: string;
  body?: unknown;
  /** Sent as is, e.g. malformed JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Another service instance (see `startInstance`); default the first one. */
  via?: NestFastifyApplication;
}

type Closer = () => Promise<unknown>;

/**
 * One real stack per test file: Postgres primary + streaming replica, Redis, the provider
 * simulator and auth-service as their own processes (auth on its own database in the same
 * cluster), and payment-service itself built by the same createHttpApp as main.ts (requests go
 * through Fastify's inject, so tests can also reach its providers).
 */
export class PaymentStack {
  private constructor(
    readonly pg: PgCluster,
    readonly redis: RedisServer,
    readonly simulator: Simulator,
    readonly auth: RealAuth,
    readonly app: NestFastifyApplication,
    readonly sql: pg.Pool,
    readonly config: PaymentConfig,
    private readonly closers: Closer[],
  ) {}

  static async start(env: Record<string, string> = {}): Promise<PaymentStack> {
    // Newest first: whatever started is stopped again, also when a later part fails to start.
    const closers: Closer[] = [];
    const started = <T extends { close(): Promise<unknown> }>(part: T): T => {
      closers.unshift(() => part.close());
      return part;
    };
    try {
      const cluster = started(await startPostgres());
      const redis = started(await startRedis());
      const { writerUrl, readerUrl } = await cluster.createDatabase('payments');
      const authDb = await cluster.createDatabase('auth');
      const auth = started(await RealAuth.start({ writerUrl: authDb.writerUrl, redisUrl: redis.url }));
      const simulator = started(await Simulator.start());

      const config = loadPaymentConfig({
        PORT: '1',
        DB_WRITER_URL: writerUrl,
        DB_READER_URLS: readerUrl,
        DB_POOL_MAX: '10',
        DB_CONNECT_TIMEOUT_MS: '3000',
        REDIS_URL: redis.url,
        PSP_URL: simulator.url,
        PSP_TIMEOUT_MS: '1000',
        PSP_BREAKER_RESET_MS: '1000',
        RECONCILER_INTERVAL_MS: '0',
        IDEMPOTENCY_PURGE_INTERVAL_MS: '0',
        ...auth.env,
        // After auth's env, so payment seals webhook secrets under a key of its own.
        KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ...env,
      });
      const migrator = await openPaymentDatabase({ ...config.db, DB_READER_URLS: [] });
      await migrator.runMigrations();
      await migrator.close();
      await cluster.waitForReplica();

      const app = started(await startInstance(config));
      const sql = new pg.Pool({ connectionString: writerUrl, max: 2 });
      // Outage tests stop the primary under this pool's idle connections: expected, not a failure.
      sql.on('error', () => undefined);
      closers.unshift(() => sql.end());
      return new PaymentStack(cluster, redis, simulator, auth, app, sql, config, closers);
    } catch (err) {
      const closeFailure = await closeAll(closers).then(
        () => undefined,
        (closeErr: unknown) => closeErr,
      );
      throw closeFailure === undefined
        ? err
        : new AggregateError([err, closeFailure], 'payment stack failed to start');
    }
  }

  /** A second replica of the service on the same database, Redis, auth and provider (closed with the stack). */
  async startInstance(): Promise<NestFastifyApplication> {
    const app = await startInstance(this.config);
    this.closers.unshift(() => app.close());
    return app;
  }

  async request(method: 'GET' | 'POST', url: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (opts.key !== undefined) headers['idempotency-key'] = opts.key;
    let payload: string | undefined;
    if (opts.rawBody !== undefined || opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = opts.rawBody ?? JSON.stringify(opts.body);
    }
    const res = await (opts.via ?? this.app).inject({ method, url, headers, payload });
    const text = res.body;
    const json: unknown =
      text.length > 0 && /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : undefined;
    return { status: res.statusCode, headers: res.headers, body: json ?? text, text, json };
  }

  /** The payment database's writer URL, for operator tools run as child processes. */
  get writerUrl(): string {
    return this.config.db.DB_WRITER_URL;
  }

  async count(sqlText: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.sql.query<{ n: string }>(sqlText, params);
    return Number(rows[0].n);
  }

  close(): Promise<void> {
    return closeAll(this.closers);
  }
}

async function startInstance(config: PaymentConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: SERVICE_NAME,
    bodyLimitBytes: 65_536,
  });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Runs every step even if an earlier one failed, so no server outlives the test file. */
async function closeAll(closers: Closer[]): Promise<void> {
  const failures: unknown[] = [];
  for (const close of closers.splice(0)) {
    try {
      await close();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'payment stack did not close cleanly');
}
