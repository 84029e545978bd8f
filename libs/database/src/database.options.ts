import { type Logger } from '@app/observability';
import { type PoolConfig } from 'pg';
import { type DataSourceOptions } from 'typeorm';
import { type DatabaseEnv } from './database.env.js';

export interface DatabaseOptions {
  writerUrl: string;
  /** Empty: reads go to the writer. */
  readerUrls: string[];
  poolMax?: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- as above
  migrations?: Function[];
  /** Shown in pg_stat_activity; defaults to the pg default. */
  applicationName?: string;
  logger?: Logger;
}

export type PostgresDataSourceOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export const POOL_DEFAULTS = {
  poolMax: 10,
  statementTimeoutMs: 5_000,
  connectTimeoutMs: 2_000,
  idleTimeoutMs: 30_000,
} as const;

export function databaseOptionsFromEnv(env: DatabaseEnv): Omit<DatabaseOptions, 'entities' | 'migrations'> {
  return {
    writerUrl: env.DB_WRITER_URL,
    readerUrls: env.DB_READER_URLS,
    poolMax: env.DB_POOL_MAX,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS,
  };
}

/**
 * Settings for every node-postgres pool (writer and readers alike). TypeORM spreads `extra` over its own
 * pool options, so this is the single source of pool behaviour.
 */
export function poolConfig(opts: Omit<DatabaseOptions, 'entities'>): PoolConfig {
  return {
    max: opts.poolMax ?? POOL_DEFAULTS.poolMax,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? POOL_DEFAULTS.connectTimeoutMs,
    idleTimeoutMillis: opts.idleTimeoutMs ?? POOL_DEFAULTS.idleTimeoutMs,
    // A startup parameter: the server enforces it on every statement of the session.
    statement_timeout: opts.statementTimeoutMs ?? POOL_DEFAULTS.statementTimeoutMs,
    // Finds half-open connections (a node that vanished without a FIN) instead of waiting forever.
    keepAlive: true,
    ...(opts.applicationName ? { application_name: opts.applicationName } : {}),
  };
}

export function toDataSourceOptions(
  opts: DatabaseOptions,
  onPoolError: (err: Error) => void,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    replication: {
      master: { url: opts.writerUrl },
      slaves: opts.readerUrls.map((url) => ({ url })),
      // Anything not routed by Database.read() (writer, transactions, query builders) goes to the primary.
      defaultMode: 'master',
    },
    entities: opts.entities,
    migrations: opts.migrations ?? [],
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: poolConfig(opts),
    poolErrorHandler: onPoolError,
  };
}
