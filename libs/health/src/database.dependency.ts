import { type Database } from '@app/database';

import { DependencyDownError, type HealthDependency } from './health-dependency.js';

type Pingable = Pick<Database, 'ping'>;

// The primary is what the service cannot work without: critical, and part of readiness.
// A writer URL that lands on a server in recovery (a stale route after failover) cannot take
// writes, so it counts as down.
export function primaryDependency(db: Pingable, key = 'primary'): HealthDependency {
  return {
    key,
    kind: 'database',
    critical: true,
    check: async () => {
      const { inRecovery } = await db.ping('writer');
      if (inRecovery) throw new DependencyDownError('the writer is in recovery (read-only)');
    },
  };
}

// Database.ping('reader') falls back to the primary like every read does, so an answer from a
// server that is not in recovery means no replica was reachable: degraded, not an error.
// Add it only when DB_READER_URLS is set (without readers every read goes to the primary).
export function replicaDependency(db: Pingable, key = 'replica'): HealthDependency {
  return {
    key,
    kind: 'database',
    critical: false,
    check: async () => {
      const { inRecovery } = await db.ping('reader');
      if (!inRecovery) throw new DependencyDownError('no replica reachable; reads are served by the primary');
    },
  };
}
