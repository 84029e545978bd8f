import { Inject, Injectable } from '@nestjs/common';
import { Database, isDatabaseUnavailable } from '@app/database';
import { createLogger, currentRequestContext, metrics, type RequestContext } from '@app/observability';
import { Counter } from 'prom-client';
import { type Redis } from 'ioredis';
import { type EntityManager } from 'typeorm';

import { PaymentSettings } from '../config/payment-settings.js';

export const PAYMENTS_REDIS = Symbol('PAYMENTS_REDIS');

/** Pinned reads the primary could not serve, answered from the replica instead (ADR 0004, "Reads"). */
export const pinnedReadsFromReplica = new Counter<'result'>({
  name: 'payment_pinned_read_fallback_total',
  help: 'Read-your-writes reads the primary could not serve, by whether the replica answered (served) or not (unavailable)',
  labelNames: ['result'],
  registers: [metrics.registry],
});

/**
 * Read-your-writes without giving up the replica (ADR 0004, "Reads"): after a user writes, that
 * user's reads go to the primary for a window longer than any replica lag we accept. The marker
 * lives in Redis; when Redis cannot answer, reads go to the primary, so an outage costs load,
 * never freshness. Everyone else reads the replica, which the database lib falls back from.
 * When the primary itself is away (a failover), a pinned read is answered from the replica rather
 * than failed: availability over read-your-writes for those seconds, never a 404 for a row the
 * replica has not received yet.
 */
@Injectable()
export class ReadRouting {
  private readonly logger = createLogger('read-routing');
  // Per request (keyed by its context object, so nothing outlives it): the marker lookup the auth
  // guard started with the token's (ReadPrefetch), taken by the request's first read of that user.
  private readonly prefetched = new WeakMap<RequestContext, { userId: string; source: Promise<'primary' | 'replica'> }>();

  constructor(
    private readonly db: Database,
    @Inject(PAYMENTS_REDIS) private readonly redis: Redis,
    private readonly settings: PaymentSettings,
  ) {}

  async noteWrite(userId: string): Promise<void> {
    if (this.settings.readYourWritesWindowMs <= 0) return;
    try {
      await this.redis.set(markerKey(userId), '1', 'PX', this.settings.readYourWritesWindowMs);
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'read-your-writes marker not stored');
    }
  }

  /** One resource: a replica miss is retried on the primary (it may just not have arrived yet). */
  async find<T>(userId: string, work: (em: EntityManager) => Promise<T | null>): Promise<T | null> {
    if ((await this.sourceFor(userId)) === 'primary') return this.pinnedRead(work, (row) => row !== null);
    const found = await this.db.read(work, { from: 'replica' });
    if (found !== null) return found;
    return this.db.read(work, { from: 'primary' });
  }

  async list<T>(userId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if ((await this.sourceFor(userId)) === 'primary') return this.pinnedRead(work, () => true);
    return this.db.read(work, { from: 'replica' });
  }

  /**
   * A read-your-writes read on the primary; while the primary cannot answer, the replica's answer
   * if `usable` (a missing row is not: it may be the write the replica has not received), else the
   * primary's error, which the API answers 503 + Retry-After.
   */
  private async pinnedRead<T>(work: (em: EntityManager) => Promise<T>, usable: (answer: T) => boolean): Promise<T> {
    try {
      return await this.db.read(work, { from: 'primary' });
    } catch (primaryErr) {
      if (!isDatabaseUnavailable(primaryErr)) throw primaryErr;
      const answer = await this.db.read(work, { from: 'replica' }).catch(() => {
        throw primaryErr;
      });
      const served = usable(answer);
      pinnedReadsFromReplica.inc({ result: served ? 'served' : 'unavailable' });
      if (!served) throw primaryErr;
      this.logger.warn({ err: errorMessage(primaryErr) }, 'primary unavailable; pinned read served by the replica');
      return answer;
    }
  }

  /** ReadPrefetch: starts this request's marker lookup for `claimedUserId` (checked again when taken). */
  prefetch(claimedUserId: string): void {
    const context = currentRequestContext();
    if (context === undefined || this.settings.readYourWritesWindowMs <= 0) return;
    this.prefetched.set(context, { userId: claimedUserId, source: this.lookUpSource(claimedUserId) });
  }

  private sourceFor(userId: string): Promise<'primary' | 'replica'> {
    const context = currentRequestContext();
    const prefetched = context && this.prefetched.get(context);
    if (context && prefetched) {
      this.prefetched.delete(context);
      if (prefetched.userId === userId) return prefetched.source;
    }
    return this.lookUpSource(userId);
  }

  // Never rejects: an unknown marker reads the primary.
  private async lookUpSource(userId: string): Promise<'primary' | 'replica'> {
    try {
      return (await this.redis.exists(markerKey(userId))) === 1 ? 'primary' : 'replica';
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'read-your-writes marker unknown; reading the primary');
      return 'primary';
    }
  }
}

function markerKey(userId: string): string {
  return `payments:recent-write:${userId}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
