import { AsyncLocalStorage } from 'node:async_hooks';
import { createLogger, type Logger } from '@app/observability';
import type pg from 'pg';
import { DataSource, type EntityManager, MigrationExecutor } from 'typeorm';
import { isConnectionError, isRecoveryConflict } from './database.errors.js';
import { addMetricsSource, removeMetricsSource } from './database.metrics.js';
import { type DatabaseOptions, toDataSourceOptions } from './database.options.js';
import { type PgQueryable, runPrepared } from './prepared.js';
import { createReaderPoolsLazily, driverPools } from './reader-pools.js';

export type ReplicationRole = 'writer' | 'reader';
/** Postgres treats READ UNCOMMITTED as READ COMMITTED, so only the distinct levels are offered. */
export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface ReadOptions {
  /** 'replica' (default) may lag behind the primary; 'primary' sees every committed write. */
  from?: 'replica' | 'primary';
}

export interface PoolStats {
  pool: ReplicationRole;
  total: number;
  idle: number;
  waiting: number;
}

// Every instance takes this session lock before migrating, so services booting together take turns.
const MIGRATION_LOCK_KEY = 7_243_071_901;
const ROLE_SQL = 'SELECT inet_server_port() AS port, pg_is_in_recovery() AS in_recovery';
// 0 while the replica has replayed everything it received (an idle primary writes nothing to lag behind).
const LAG_SQL = `SELECT pg_is_in_recovery() AS in_recovery,
  CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())) END AS lag`;
const LAG_QUERY_TIMEOUT_MS = 500;

/** A TypeORM DataSource over a primary and its replicas, with explicit read routing. */
export class Database {
  private readonly primaryReads = new AsyncLocalStorage<true>();
  private fallbacks = 0;

  private constructor(
    readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly hasReaders: boolean,
  ) {}

  static async create(opts: DatabaseOptions): Promise<Database> {
    const logger = opts.logger ?? createLogger('database');
    const onPoolError = (err: Error): void =>
      logger.warn({ err: err.message }, 'idle database connection failed');
    const dataSource = new DataSource(toDataSourceOptions(opts, onPoolError));
    createReaderPoolsLazily(dataSource, onPoolError);
    await dataSource.initialize();
    const db = new Database(dataSource, logger, opts.readerUrls.length > 0);
    addMetricsSource(db);
    return db;
  }

  /** The primary. Use it for writes and for reads that must see the latest commit. */
  get writer(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * One fixed statement on the primary straight through node-postgres, prepared once per connection
   * (Postgres parses and plans it once, not on every call; named from its text, as queryPrepared
   * names it), without TypeORM's query runner: for a hot path's single statement (ADR 0006).
   * Errors are QueryFailedError, as from queryPrepared and em.query.
   */
  async writePrepared<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    const { rows } = await runPrepared<R>(driverPools(this.dataSource).master as PgQueryable, text, values);
    return rows;
  }

  /** How many replica reads were retried on the primary since start. */
  get readFallbacks(): number {
    return this.fallbacks;
  }

  /**
   * Runs read-only `work` on a replica (or the primary inside withPrimaryReads). When the replica cannot
   * be reached, `work` is retried once on the primary, so it must be safe to run twice.
   */
  async read<T>(work: (em: EntityManager) => Promise<T>, opts: ReadOptions = {}): Promise<T> {
    const from = opts.from ?? (this.primaryReads.getStore() ? 'primary' : 'replica');
    if (from === 'primary' || !this.hasReaders) return this.runOn('master', work);
    try {
      return await this.runOn('slave', work);
    } catch (err) {
      if (!isConnectionError(err) && !isRecoveryConflict(err)) throw err;
      this.fallbacks++;
      this.logger.warn(
        { err: (err as Error).message, fallbacks: this.fallbacks },
        'replica read failed, retrying on the primary',
      );
      return this.runOn('master', work);
    }
  }

  /** A transaction on the primary. */
  transaction<T>(work: (em: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return isolation ? this.dataSource.transaction(isolation, work) : this.dataSource.transaction(work);
  }

  /** Every read() inside `fn` (across awaits) goes to the primary: read-your-writes after a write. */
  withPrimaryReads<T>(fn: () => Promise<T>): Promise<T> {
    return this.primaryReads.run(true, fn);
  }

  /** Which server answers for a role; the reader falls back to the primary like read(). */
  async ping(role: ReplicationRole): Promise<{ port: number; inRecovery: boolean }> {
    const query = (em: EntityManager): Promise<{ port: number; in_recovery: boolean }[]> =>
      em.query(ROLE_SQL);
    const [row] = role === 'writer' ? await this.runOn('master', query) : await this.read(query);
    return { port: Number(row.port), inRecovery: row.in_recovery };
  }

  /** Applies pending migrations on the primary, one transaction each; returns the names applied. */
  async runMigrations(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      // Schema changes may legitimately outlast the per-request statement timeout.
      await runner.query('SET statement_timeout = 0');
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const executor = new MigrationExecutor(this.dataSource, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).map((migration) => migration.name);
    } finally {
      await runner
        .query('SELECT pg_advisory_unlock_all(); RESET statement_timeout')
        .catch((err: Error) =>
          this.logger.warn({ err: err.message }, 'could not reset the migration session'),
        );
      await runner.release();
    }
  }

  poolStats(): PoolStats[] {
    const { master, slaves } = driverPools(this.dataSource);
    return [statsOf('writer', master), ...slaves.map((pool) => statsOf('reader', pool))];
  }

  /**
   * The replica's replay lag in seconds, or undefined when no replica answered (reads then fall back
   * to the primary, which has no lag to report) or it took longer than 500 ms (the scrape must not hang).
   */
  async replicaLagSeconds(): Promise<number | undefined> {
    if (!this.hasReaders) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), LAG_QUERY_TIMEOUT_MS);
    });
    const lag = this.runOn(
      'slave',
      (em) => em.query(LAG_SQL) as Promise<{ in_recovery: boolean; lag: string | number }[]>,
    ).then(([row]) => (row?.in_recovery ? Number(row.lag) : undefined));
    try {
      return await Promise.race([lag, timeout]);
    } finally {
      clearTimeout(timer);
      lag.catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    removeMetricsSource(this);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async runOn<T>(mode: 'master' | 'slave', work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner(mode);
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}

function statsOf(pool: ReplicationRole, { totalCount, idleCount, waitingCount }: pg.Pool): PoolStats {
  return { pool, total: totalCount, idle: idleCount, waiting: waitingCount };
}
