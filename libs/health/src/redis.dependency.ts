import { pingRedis } from '@app/cache';
import { type Redis } from 'ioredis';

import { type HealthDependency } from './health-dependency.js';

// Redis only caches and coordinates: without it the services keep working, degraded.
export function redisDependency(redis: Redis, key = 'redis'): HealthDependency {
  return { key, kind: 'redis', critical: false, check: () => pingRedis(redis) };
}
