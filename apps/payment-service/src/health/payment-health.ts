import { pingRedis } from '@app/cache';
import { type Database } from '@app/database';
import { breakerDependency, DependencyDownError, type HealthDependency } from '@app/health';
import { type Redis } from 'ioredis';

/**
 * Only the primary is critical: without it no payment can be taken. A dead replica sends reads
 * to the primary, a dead Redis costs the read-routing marker and token cache, an open breaker
 * fails payments fast: all degraded, still serving.
 */
export function paymentHealthDependencies(db: Database, redis: Redis, hasReplica: boolean): HealthDependency[] {
  return [
    { key: 'primary', kind: 'database', critical: true, check: () => db.ping('writer') },
    { key: 'replica', kind: 'database', critical: false, check: () => (hasReplica ? replicaCheck(db) : db.ping('reader')) },
    { key: 'redis', kind: 'redis', critical: false, check: () => pingRedis(redis) },
    breakerDependency(),
  ];
}

// The reader falls back to the primary, so "answered" is not "up": only a server in recovery is a replica.
async function replicaCheck(db: Database): Promise<Record<string, unknown>> {
  const reader = await db.ping('reader');
  if (!reader.inRecovery) throw new DependencyDownError('replica unreachable; reads are served by the primary', reader);
  return reader;
}
