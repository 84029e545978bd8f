import { metrics } from '@app/observability';
import { Gauge } from 'prom-client';

import { type PoolStats } from './database.js';

/** What a scrape asks of each open Database: its pools (in memory) and its replica's lag (one query). */
export interface DatabaseMetricsSource {
  poolStats(): PoolStats[];
  replicaLagSeconds(): Promise<number | undefined>;
}

const sources = new Set<DatabaseMetricsSource>();

/** Counted on scrape from the pg pools themselves: no work on the request path. */
export const dbPoolConnections = new Gauge<'pool' | 'state'>({
  name: 'db_pool_connections',
  help: 'Database pool connections by pool (writer, reader) and state (in_use, idle, waiting for a connection)',
  labelNames: ['pool', 'state'],
  registers: [metrics.registry],
  collect() {
    this.reset();
    for (const source of sources) {
      for (const { pool, total, idle, waiting } of source.poolStats()) {
        this.inc({ pool, state: 'in_use' }, total - idle);
        this.inc({ pool, state: 'idle' }, idle);
        this.inc({ pool, state: 'waiting' }, waiting);
      }
    }
  },
});

/** Asked on scrape (one short query on the reader), never per request; absent while no replica answers. */
export const dbReplicaLagSeconds = new Gauge({
  name: 'db_replica_lag_seconds',
  help: 'Replay lag of the replica the service reads from, as the service sees it (0 when it has replayed all it received)',
  registers: [metrics.registry],
  async collect() {
    this.reset();
    const lags = await Promise.all([...sources].map((s) => s.replicaLagSeconds().catch(() => undefined)));
    const known = lags.filter((lag): lag is number => lag !== undefined);
    if (known.length > 0) this.set(Math.max(...known));
  },
});

export function addMetricsSource(source: DatabaseMetricsSource): void {
  sources.add(source);
}

export function removeMetricsSource(source: DatabaseMetricsSource): void {
  sources.delete(source);
}
