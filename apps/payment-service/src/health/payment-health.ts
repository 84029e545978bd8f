import { type Database } from '@app/database';
import {
  breakerDependency,
  type HealthDependency,
  primaryDependency,
  redisDependency,
  replicaDependency,
} from '@app/health';
import { type Redis } from 'ioredis';

/**
 * Only the primary is critical: without it no payment can be taken. A dead replica sends reads
 * to the primary, a dead Redis costs the read-routing marker and token cache, an open breaker
 * fails payments fast: all degraded, still serving. A merchant's dead webhook endpoint is the
 * merchant's problem, not ours, so its breaker is left out.
 */
export function paymentHealthDependencies(
  db: Database,
  redis: Redis,
  hasReplica: boolean,
): HealthDependency[] {
  return [
    primaryDependency(db),
    ...(hasReplica ? [replicaDependency(db)] : []),
    redisDependency(redis),
    breakerDependency('breakers', (name) => !name.startsWith('webhook.')),
  ];
}
