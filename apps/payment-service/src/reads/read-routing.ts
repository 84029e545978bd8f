import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type Redis } from 'ioredis';
import { type EntityManager } from 'typeorm';

import { PaymentSettings } from '../config/payment-settings.js';

export const PAYMENTS_REDIS = Symbol('PAYMENTS_REDIS');

/**
 * Read-your-writes without giving up the replica (ADR 0004, "Reads"): after a user writes, that
 * user's reads go to the primary for a window longer than any replica lag we accept. The marker
 * lives in Redis; when Redis cannot answer, reads go to the primary, so an outage costs load,
 * never freshness. Everyone else reads the replica, which the database lib falls back from.
 */
@Injectable()
export class ReadRouting {
  private readonly logger = createLogger('read-routing');

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
    const from = await this.sourceFor(userId);
    const found = await this.db.read(work, { from });
    if (found !== null || from === 'primary') return found;
    return this.db.read(work, { from: 'primary' });
  }

  async list<T>(userId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.read(work, { from: await this.sourceFor(userId) });
  }

  private async sourceFor(userId: string): Promise<'primary' | 'replica'> {
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
