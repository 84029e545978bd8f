import { type SimulatorStats } from '@app/stack-client';
import pg from 'pg';

import { type AckedPayment, type AckedRefund } from '../load/request-record.js';
import {
  ACKED_PAYMENTS,
  ACKED_REFUNDS,
  ALTERED_PAYMENTS,
  CHARGES_WITHOUT_PAYMENT,
  createTempTable,
  DELIVERED_NOT_RECEIVED,
  DELIVERIES_BY_STATUS,
  duplicateKeys,
  EVENTS_WITHOUT_DELIVERY,
  insertRows,
  MERCHANT_RECEIVED,
  MISSING_PAYMENTS,
  MISSING_REFUNDS,
  OUTBOX_EXISTS,
  OVER_REFUNDED,
  PAYMENTS_OF_USERS,
  PAYMENTS_WITHOUT_EVENT,
  PROVIDER_CHARGES,
  PSP_EVENT_ROWS,
  OUTBOX_EVENTS_OF,
  REFUNDS_WITHOUT_EVENT,
  type TempTable,
  UNDELIVERED_COUNT,
} from './check-sql.js';
import { reconcileProvider, type ProviderReconciliation, type StoredPayment } from './provider-reconciliation.js';

export interface CheckInput {
  ackedPayments: readonly AckedPayment[];
  ackedRefunds: readonly AckedRefund[];
  userIds: readonly string[];
  /** Simulator stats since its reset at the scenario's start; undefined when not comparable. */
  provider?: SimulatorStats;
  providerSkipReason?: string;
  /** Keys the client saw answered with two different payment ids (client-side duplicate evidence). */
  clientDuplicateKeys: number;
  /** What the chaos merchants received; undefined when the load registered no webhook endpoints. */
  merchant?: MerchantEvidence;
}

export interface MerchantEvidence {
  received: ReadonlyMap<string, number>;
  /** Webhook ids received more than once (allowed: at least once; merchants dedupe by id). */
  redelivered: number;
  badSignatures: number;
  /** Users whose endpoint a scenario disabled on purpose (410): their events may have no delivery. */
  endpointDisabledFor: readonly string[];
}

export type DeliveryChecks =
  | { skipped: string }
  | {
      byStatus: Record<string, number>;
      eventsWithoutDelivery: string[];
      deliveredNotReceived: string[];
      /** Webhook ids a merchant received more than once (allowed: at least once; merchants dedupe by id). */
      redelivered: number;
      badSignatures: number;
    };

export interface CheckResults {
  ackedPayments: number;
  ackedRefunds: number;
  lostPayments: string[];
  alteredPayments: string[];
  lostRefunds: string[];
  duplicatePaymentKeys: number;
  duplicateRefundKeys: number;
  clientDuplicateKeys: number;
  overRefunded: string[];
  processingLeft: number;
  provider: (ProviderReconciliation & { chargesWithoutPayment: string[] }) | { skipped: string };
  outbox: { skipped: string } | { paymentsWithoutEvent: string[]; refundsWithoutEvent: string[] };
  deliveries: DeliveryChecks;
}

/** Jepsen-style checks of one scenario against the database (writer port) and the provider's counts. */
export function runChecks(writerUrl: string, input: CheckInput): Promise<CheckResults> {
  return withClient(writerUrl, async (client) => {
    await load(client, ACKED_PAYMENTS, input.ackedPayments.map((p) => [p.id, p.userId, p.idempotencyKey, p.amount]));
    await load(client, ACKED_REFUNDS, input.ackedRefunds.map((r) => [r.id, r.paymentId, r.amount]));
    const users = [...input.userIds];
    const ids = async (sql: string, values: unknown[] = []): Promise<string[]> =>
      (await client.query<{ id: string }>(sql, values)).rows.map((r) => String(r.id));
    const payments = (await client.query<StoredPayment>(PAYMENTS_OF_USERS, [users])).rows;

    let provider: CheckResults['provider'] = { skipped: input.providerSkipReason ?? 'no provider stats' };
    if (input.provider !== undefined) {
      const byKey = input.provider.charges_by_idempotency_key;
      await load(client, PROVIDER_CHARGES, Object.entries(byKey).map(([k, n]) => [k, n]));
      const orphans = (await client.query<{ idempotency_key: string }>(CHARGES_WITHOUT_PAYMENT)).rows.map((r) => r.idempotency_key);
      provider = { ...reconcileProvider(byKey, payments), chargesWithoutPayment: orphans };
    }
    const hasOutbox = (await client.query<{ present: boolean }>(OUTBOX_EXISTS)).rows[0].present;
    const outbox: CheckResults['outbox'] = hasOutbox
      ? { paymentsWithoutEvent: await ids(PAYMENTS_WITHOUT_EVENT), refundsWithoutEvent: await ids(REFUNDS_WITHOUT_EVENT) }
      : { skipped: 'no outbox table (webhook_events) in the payment database' };
    const deliveries = await checkDeliveries(client, users, input.merchant);

    return {
      ackedPayments: input.ackedPayments.length,
      ackedRefunds: input.ackedRefunds.length,
      lostPayments: await ids(MISSING_PAYMENTS),
      alteredPayments: await ids(ALTERED_PAYMENTS),
      lostRefunds: await ids(MISSING_REFUNDS),
      duplicatePaymentKeys: (await client.query(duplicateKeys('payments'), [users])).rowCount ?? 0,
      duplicateRefundKeys: (await client.query(duplicateKeys('refunds'), [users])).rowCount ?? 0,
      clientDuplicateKeys: input.clientDuplicateKeys,
      overRefunded: await ids(OVER_REFUNDED, [users]),
      processingLeft: payments.filter((p) => p.status === 'processing').length,
      provider,
      outbox,
      deliveries,
    };
  }, 120_000);
}

/** Every outbox event of the run reached its merchant, as the merchant (not the outbox) says. */
async function checkDeliveries(client: pg.Client, users: string[], merchant: MerchantEvidence | undefined): Promise<DeliveryChecks> {
  if (merchant === undefined) return { skipped: 'the load registered no merchant webhook endpoints' };
  await load(client, MERCHANT_RECEIVED, [...merchant.received].map(([id, copies]) => [id, copies]));
  const byStatus = Object.fromEntries(
    (await client.query<{ status: string; n: number }>(DELIVERIES_BY_STATUS, [users])).rows.map((r) => [r.status, r.n]),
  );
  const ids = async (sql: string, values: unknown[]): Promise<string[]> =>
    (await client.query<{ id: string }>(sql, values)).rows.map((r) => String(r.id));
  const alwaysEnabled = users.filter((u) => !merchant.endpointDisabledFor.includes(u));
  return {
    byStatus,
    eventsWithoutDelivery: await ids(EVENTS_WITHOUT_DELIVERY, [alwaysEnabled]),
    deliveredNotReceived: await ids(DELIVERED_NOT_RECEIVED, [users]),
    redelivered: merchant.redelivered,
    badSignatures: merchant.badSignatures,
  };
}

/**
 * Deliveries to the run's endpoints not delivered yet (pending or dead), of those made up to
 * `madeBy`: under load new ones keep arriving, so "the backlog drained" means the old ones did.
 */
export function countUndelivered(writerUrl: string, userIds: readonly string[], madeBy = new Date()): Promise<number> {
  return withClient(writerUrl, async (client) => (await client.query<{ n: number }>(UNDELIVERED_COUNT, [[...userIds], madeBy])).rows[0].n);
}

/** One short-lived connection to the writer (checks run rarely; a pool would outlive the run). */
async function withClient<T>(writerUrl: string, work: (client: pg.Client) => Promise<T>, statementTimeoutMs?: number): Promise<T> {
  const client = new pg.Client({
    connectionString: writerUrl, connectionTimeoutMillis: 5_000,
    ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function load(client: pg.Client, table: TempTable, rows: unknown[][]): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table.name}`);
  await client.query(createTempTable(table));
  for (const stmt of insertRows(table, rows)) await client.query(stmt.text, stmt.values);
  await client.query(`ANALYZE ${table.name}`);
}

/** Rows one provider event left: its dedupe record and the outbox events of its payment. */
export function webhookEffects(writerUrl: string, eventId: string, paymentId: string): Promise<{ eventRows: number; outboxRows: number }> {
  return withClient(writerUrl, async (client) => ({
    eventRows: (await client.query<{ n: number }>(PSP_EVENT_ROWS, [eventId])).rows[0].n,
    outboxRows: (await client.query<{ n: number }>(OUTBOX_EVENTS_OF, [paymentId])).rows[0].n,
  }));
}
