import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Database } from '@app/database';
import { metrics } from '@app/observability';
import { Gauge } from 'prom-client';

export interface Backlog {
  pendingDeliveries: number;
  oldestPendingDeliveryAgeSeconds: number;
  processingPayments: number;
  oldestProcessingAgeSeconds: number;
}

// Both filters match partial indexes (webhook_deliveries_due, payments_processing): cheap while the backlogs are small.
const BACKLOG_SQL = `SELECT
  (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS pending_deliveries,
  (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM webhook_deliveries WHERE status = 'pending') AS oldest_pending,
  (SELECT count(*) FROM payments WHERE status = 'processing') AS processing_payments,
  (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(updated_at)), 0) FROM payments WHERE status = 'processing') AS oldest_processing`;
/** One query serves the four gauges of a scrape, and scrapes closer together than this. */
const SAMPLE_TTL_MS = 1_000;
const QUERY_TIMEOUT_MS = 500;

let source: (() => Promise<Backlog>) | undefined;
let cached: { at: number; sample: Promise<Backlog | undefined> } | undefined;

function sample(): Promise<Backlog | undefined> {
  if (!source) return Promise.resolve(undefined);
  if (cached && Date.now() - cached.at < SAMPLE_TTL_MS) return cached.sample;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), QUERY_TIMEOUT_MS);
  });
  const query = source().catch(() => undefined);
  cached = { at: Date.now(), sample: Promise.race([query, timeout]).finally(() => clearTimeout(timer)) };
  return cached.sample;
}

/** A gauge read on scrape from the shared sample; absent when the database did not answer in time. */
function backlogGauge(name: string, help: string, pick: (b: Backlog) => number): Gauge {
  return new Gauge({
    name, help, registers: [metrics.registry],
    async collect() {
      this.reset();
      const backlog = await sample();
      if (backlog) this.set(pick(backlog));
    },
  });
}

export const backlogGauges = [
  backlogGauge('webhook_outbox_pending_deliveries', 'Merchant webhook deliveries not yet delivered nor dead (database-wide)', (b) => b.pendingDeliveries),
  backlogGauge('webhook_outbox_oldest_pending_age_seconds', 'Age of the oldest pending merchant webhook delivery (0 when none)', (b) => b.oldestPendingDeliveryAgeSeconds),
  backlogGauge('payment_processing_payments', 'Payments whose provider outcome is not known yet: the reconciler backlog (database-wide)', (b) => b.processingPayments),
  backlogGauge('payment_oldest_processing_age_seconds', 'Time the oldest processing payment has been processing (0 when none)', (b) => b.oldestProcessingAgeSeconds),
];

/**
 * Feeds the backlog gauges from the replica (one short query per scrape at most, never per request).
 * Every instance reports the same database-wide figures; the alert rules take max() over them.
 */
@Injectable()
export class BacklogMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly db: Database) {}

  onModuleInit(): void {
    source = () => this.query();
    cached = undefined;
  }

  onModuleDestroy(): void {
    source = undefined;
    cached = undefined;
  }

  async query(): Promise<Backlog> {
    const [row] = (await this.db.read((em) => em.query(BACKLOG_SQL))) as Record<string, string | number>[];
    return {
      pendingDeliveries: Number(row?.['pending_deliveries'] ?? 0),
      oldestPendingDeliveryAgeSeconds: Number(row?.['oldest_pending'] ?? 0),
      processingPayments: Number(row?.['processing_payments'] ?? 0),
      oldestProcessingAgeSeconds: Number(row?.['oldest_processing'] ?? 0),
    };
  }
}
