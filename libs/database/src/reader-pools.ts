import type pg from 'pg';
import { type DataSource } from 'typeorm';
import { type PostgresDataSourceOptions } from './database.options.js';

// The TypeORM PostgresDriver members used here: `postgres` (the pg module), `master`/`slaves` (pools) and createPool.
export interface PostgresDriverPools {
  postgres: typeof pg;
  master: pg.Pool;
  slaves: pg.Pool[];
  options: PostgresDataSourceOptions;
  createPool(options: PostgresDataSourceOptions, credentials: { url?: string }): Promise<pg.Pool>;
}

export function driverPools(dataSource: DataSource): PostgresDriverPools {
  return dataSource.driver as unknown as PostgresDriverPools;
}

/**
 * TypeORM opens a connection on every pool while initialising and fails if any node is down. A replica
 * that is down at boot must not stop the service, so reader pools are created without that probe (the
 * same settings TypeORM would use); Database.read() falls back to the primary until the replica answers.
 */
export function createReaderPoolsLazily(dataSource: DataSource, onPoolError: (err: Error) => void): void {
  const driver = driverPools(dataSource);
  const createPool = driver.createPool.bind(driver);
  driver.createPool = async (options, credentials) => {
    if (!driver.options.replication?.slaves.includes(credentials)) return createPool(options, credentials);
    const pool = new driver.postgres.Pool({
      connectionString: credentials.url,
      ...(options.extra as pg.PoolConfig),
    });
    pool.on('error', onPoolError);
    return pool;
  };
}
