import { createHttpApp } from '@app/server';
import { type PgCluster, type RedisServer, startPostgres, startRedis } from '@app/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';

import { AppModule, SERVICE_NAME } from '../../src/app.module.js';
import { loadPaymentConfig, type PaymentConfig } from '../../src/config/env.js';
import { openPaymentDatabase } from '../../src/database/storage.providers.js';
import { AuthStandIn } from './auth-stand-in.js';
import { Simulator } from './simulator.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
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

/**
 * One real stack per test file: Postgres primary + streaming replica, Redis, the provider
 * simulator on its own port, an auth stand-in that signs real tokens, and payment-service itself
 * built by the same createHttpApp as main.ts (requests go through Fastify's inject).
 */
export class PaymentStack {
  private constructor(
    readonly pg: PgCluster,
    readonly redis: RedisServer,
    readonly simulator: Simulator,
    readonly auth: AuthStandIn,
    readonly app: NestFastifyApplication,
    readonly sql: pg.Pool,
    private readonly config: PaymentConfig,
  ) {}

  private readonly extraInstances: NestFastifyApplication[] = [];

  static async start(env: Record<string, string> = {}): Promise<PaymentStack> {
    const cluster = await startPostgres();
    const redis = await startRedis();
    const simulator = await Simulator.start();
    const auth = await AuthStandIn.start();
    const { writerUrl, readerUrl } = await cluster.createDatabase('payments');

    const config = loadPaymentConfig({
      PORT: '1',
      DB_WRITER_URL: writerUrl,
      DB_READER_URLS: readerUrl,
      DB_POOL_MAX: '5',
      DB_CONNECT_TIMEOUT_MS: '1000',
      REDIS_URL: redis.url,
      PSP_URL: simulator.url,
      PSP_TIMEOUT_MS: '1000',
      PSP_BREAKER_RESET_MS: '1000',
      RECONCILER_INTERVAL_MS: '0',
      IDEMPOTENCY_PURGE_INTERVAL_MS: '0',
      ...auth.env,
      ...env,
    });
    const migrator = await openPaymentDatabase({ ...config.db, DB_READER_URLS: [] });
    await migrator.runMigrations();
    await migrator.close();
    await cluster.waitForReplica();

    const app = await startInstance(config);
    const sql = new pg.Pool({ connectionString: writerUrl, max: 2 });
    // Outage tests stop the primary under this pool's idle connections: expected, not a failure.
    sql.on('error', () => undefined);
    return new PaymentStack(cluster, redis, simulator, auth, app, sql, config);
  }

  /** A second replica of the service on the same database, Redis and provider (closed with the stack). */
  async startInstance(): Promise<NestFastifyApplication> {
    const app = await startInstance(this.config);
    this.extraInstances.push(app);
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
    const json: unknown = text.length > 0 && /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : undefined;
    return { status: res.statusCode, headers: res.headers, body: json ?? text, json };
  }

  async count(sqlText: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.sql.query<{ n: string }>(sqlText, params);
    return Number(rows[0].n);
  }

  async close(): Promise<void> {
    // Each step runs even if an earlier one failed, so no server outlives the test file.
    const steps = [
      ...this.extraInstances.map((app) => () => app.close()),
      () => this.app.close(),
      () => this.sql.end(),
      () => this.simulator.close(),
      () => this.auth.close(),
      () => this.redis.close(),
      () => this.pg.close(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'payment stack did not close cleanly');
  }
}

async function startInstance(config: PaymentConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AppModule.forRoot(config), { service: SERVICE_NAME, bodyLimitBytes: 65_536 });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
