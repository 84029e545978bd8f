import { createLogger, type Logger, metrics } from '@app/observability';
import { type Redis } from 'ioredis';
import { LogThrottle } from './log-throttle.js';

export interface CacheAsideOptions {
  /** Namespaces the keys (`<name>:<key>`) and labels the metrics. */
  name: string;
  logger?: Logger;
  /** At most one "cache unavailable" warning per interval. Default 10000. */
  warnIntervalMs?: number;
}

/** Seconds to keep a value; a function sees the value (e.g. a token's remaining lifetime). 0 or less: don't cache. */
export type Ttl<T> = number | ((value: T) => number);

type Lookup<T> = { result: 'hit'; value: T } | { result: 'miss' } | { result: 'error' };

// Values are stored as JSON. Redis is an accelerator here, never the source of truth: every
// Redis failure is logged (throttled), counted and answered by the loader, never thrown.
export class CacheAside {
  private readonly logger: Logger;
  private readonly warnings: LogThrottle;

  constructor(
    private readonly redis: Redis,
    private readonly opts: CacheAsideOptions,
  ) {
    this.logger = opts.logger ?? createLogger('cache');
    this.warnings = new LogThrottle(opts.warnIntervalMs ?? 10_000);
  }

  async getOrLoad<T>(key: string, loader: () => Promise<T>, ttlSeconds: Ttl<T>): Promise<T> {
    const lookup = await this.lookup<T>(key);
    if (lookup.result === 'hit') return lookup.value;
    const value = await loader();
    // After a read error Redis is likely down: writing would only add another timeout.
    if (lookup.result === 'miss') await this.set(key, value, ttlSeconds);
    return value;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const lookup = await this.lookup<T>(key);
    return lookup.result === 'hit' ? lookup.value : undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds: Ttl<T>): Promise<void> {
    const ttl = typeof ttlSeconds === 'function' ? ttlSeconds(value) : ttlSeconds;
    const json = JSON.stringify(value);
    if (!(ttl > 0) || json === undefined) return;
    try {
      await this.redis.set(this.keyOf(key), json, 'PX', Math.round(ttl * 1000));
    } catch (err) {
      this.warn('write', key, err);
    }
  }

  /** A failed delete leaves the old value until its TTL ends: keep TTLs short for data that changes. */
  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.keyOf(key));
    } catch (err) {
      this.warn('delete', key, err);
    }
  }

  private async lookup<T>(key: string): Promise<Lookup<T>> {
    let lookup: Lookup<T>;
    try {
      const json = await this.redis.get(this.keyOf(key));
      lookup = json === null ? { result: 'miss' } : { result: 'hit', value: JSON.parse(json) as T };
    } catch (err) {
      this.warn('read', key, err);
      lookup = { result: 'error' };
    }
    metrics.cacheRequests.inc({ cache: this.opts.name, result: lookup.result });
    return lookup;
  }

  private keyOf(key: string): string {
    return `${this.opts.name}:${key}`;
  }

  private warn(operation: 'read' | 'write' | 'delete', key: string, err: unknown): void {
    const turn = this.warnings.take();
    if (!turn) return;
    const message = err instanceof Error ? err.message : String(err);
    this.logger.warn(
      { cache: this.opts.name, operation, key, err: message, suppressed: turn.suppressed },
      'cache unavailable, reading through',
    );
  }
}
