/** A parameterised statement for node-postgres. */
export interface Sql {
  text: string;
  values: unknown[];
}

export interface TempTable {
  name: string;
  /** Column name → SQL type; the first column is the primary key (the anti-join needs an index). */
  columns: [string, string][];
}

export const ACKED_PAYMENTS: TempTable = {
  name: 'chaos_acked_payments',
  columns: [['id', 'uuid'], ['user_id', 'text'], ['idempotency_key', 'text'], ['amount', 'integer']],
};
export const ACKED_REFUNDS: TempTable = {
  name: 'chaos_acked_refunds',
  columns: [['id', 'uuid'], ['payment_id', 'uuid'], ['amount', 'integer']],
};
export const PROVIDER_CHARGES: TempTable = {
  name: 'chaos_provider_charges',
  columns: [['idempotency_key', 'text'], ['charges', 'integer']],
};

/** Webhook ids the chaos merchants accepted (signature verified), with how often each arrived. */
export const MERCHANT_RECEIVED: TempTable = {
  name: 'chaos_merchant_received',
  columns: [['webhook_id', 'text'], ['copies', 'integer']],
};

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unsafe SQL identifier ${name}`);
  return name;
}

export function createTempTable(t: TempTable): string {
  const cols = t.columns.map(([c, type], i) => `${ident(c)} ${type}${i === 0 ? ' PRIMARY KEY' : ' NOT NULL'}`);
  return `CREATE TEMP TABLE ${ident(t.name)} (${cols.join(', ')})`;
}

/** Multi-row INSERTs of at most `chunk` rows each (Postgres allows 65 535 parameters per statement). */
export function insertRows(t: TempTable, rows: readonly unknown[][], chunk = 1_000): Sql[] {
  const width = t.columns.length;
  const out: Sql[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const tuples = slice.map((row, i) => {
      if (row.length !== width) throw new Error(`row has ${row.length} values, ${t.name} has ${width} columns`);
      return `(${row.map((_, j) => `$${i * width + j + 1}`).join(', ')})`;
    });
    out.push({
      text: `INSERT INTO ${ident(t.name)} (${t.columns.map(([c]) => ident(c)).join(', ')}) VALUES ${tuples.join(', ')}`,
      values: slice.flat(),
    });
  }
  return out;
}

// Anti-joins with NOT EXISTS against a keyed temp table (a NOT IN over many rows ran > 10 min).
export const MISSING_PAYMENTS = `SELECT a.id FROM chaos_acked_payments a
  WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = a.id)`;

export const ALTERED_PAYMENTS = `SELECT a.id, a.amount AS acked_amount, p.amount AS stored_amount
  FROM chaos_acked_payments a JOIN payments p ON p.id = a.id
  WHERE p.amount <> a.amount OR p.idempotency_key <> a.idempotency_key OR p.user_id <> a.user_id`;

export const MISSING_REFUNDS = `SELECT a.id FROM chaos_acked_refunds a
  WHERE NOT EXISTS (SELECT 1 FROM refunds r WHERE r.id = a.id AND r.payment_id = a.payment_id AND r.amount = a.amount)`;

/** Two payments (or refunds) for one key of one user: the idempotency promise broken. */
export function duplicateKeys(table: 'payments' | 'refunds'): string {
  return `SELECT user_id, idempotency_key, count(*)::int AS n FROM ${table}
  WHERE user_id = ANY($1::text[]) GROUP BY user_id, idempotency_key HAVING count(*) > 1`;
}

/** Refunds (not failed) above the payment's amount, or a stored amount_refunded above the amount. */
export const OVER_REFUNDED = `SELECT p.id, p.amount, p.amount_refunded, coalesce(r.total, 0)::int AS refunds_total
  FROM payments p
  LEFT JOIN (SELECT payment_id, sum(amount) AS total FROM refunds WHERE status <> 'failed' GROUP BY payment_id) r
    ON r.payment_id = p.id
  WHERE p.user_id = ANY($1::text[]) AND (coalesce(r.total, 0) > p.amount OR p.amount_refunded > p.amount)`;

export const PAYMENTS_OF_USERS = `SELECT id::text, status, failure_code, idempotency_key, user_id FROM payments
  WHERE user_id = ANY($1::text[])`;

/** Provider charges (keyed by our payment id) with no payment row: money taken, record lost. */
export const CHARGES_WITHOUT_PAYMENT = `SELECT c.idempotency_key FROM chaos_provider_charges c
  WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id::text = c.idempotency_key)`;

/** The transactional outbox (payment-service's webhook_events), when the schema has it. */
export const OUTBOX_EXISTS = `SELECT to_regclass('public.webhook_events') IS NOT NULL AS present`;

/** Acknowledged payments in a settled status with no outbox event of that status: a lost state change. */
export const PAYMENTS_WITHOUT_EVENT = `SELECT a.id FROM chaos_acked_payments a JOIN payments p ON p.id = a.id
  WHERE p.status <> 'processing'
    AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.resource_id = a.id AND e.type = 'payment.' || p.status)`;

export const REFUNDS_WITHOUT_EVENT = `SELECT a.id FROM chaos_acked_refunds a JOIN refunds r ON r.id = a.id
  WHERE r.status <> 'pending'
    AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.resource_id = a.id AND e.type = 'refund.' || r.status)`;

/** Effects of one provider event: its dedupe row, and outbox events of the payment it names. */
export const PSP_EVENT_ROWS = `SELECT count(*)::int AS n FROM psp_webhook_events WHERE event_id = $1`;
export const OUTBOX_EVENTS_OF = `SELECT count(*)::int AS n FROM webhook_events WHERE resource_id = $1`;

/** Outbound deliveries to the endpoints of the run's users, by status (pending, delivered, dead). */
export const DELIVERIES_BY_STATUS = `SELECT d.status, count(*)::int AS n
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE e.user_id = ANY($1::text[]) GROUP BY d.status`;

/** Deliveries the outbox marked delivered that no merchant accepted: a false "delivered". */
export const DELIVERED_NOT_RECEIVED = `SELECT d.event_id AS id
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE e.user_id = ANY($1::text[]) AND d.status = 'delivered'
    AND NOT EXISTS (SELECT 1 FROM chaos_merchant_received m WHERE m.webhook_id = d.event_id)`;

/** Events of users whose endpoint was enabled all along that no delivery row fans out to. */
export const EVENTS_WITHOUT_DELIVERY = `SELECT ev.id FROM webhook_events ev
  WHERE ev.user_id = ANY($1::text[])
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = ev.id)`;

/** Deliveries of the run's endpoints not yet delivered, made before $2 (the runner waits for these to drain). */
export const UNDELIVERED_COUNT = `SELECT count(*)::int AS n
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE e.user_id = ANY($1::text[]) AND d.status <> 'delivered' AND d.created_at <= $2`;
