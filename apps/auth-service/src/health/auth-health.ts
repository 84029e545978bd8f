import { pingRedis } from '@app/cache';
import { type Database } from '@app/database';
import { breakerDependency, type HealthDependency } from '@app/health';
import { type Redis } from 'ioredis';

/** Readiness needs the primary; a lost replica or Redis degrades (every read falls back). */
export function authHealthDependencies(db: Database, redis: Redis): HealthDependency[] {
  return [
    { key: 'primary', kind: 'database', critical: true, check: async () => db.ping('writer') },
    { key: 'replica', kind: 'database', critical: false, check: async () => db.ping('reader') },
    { key: 'redis', kind: 'redis', critical: false, check: () => pingRedis(redis) },
    breakerDependency(),
  ];
}
