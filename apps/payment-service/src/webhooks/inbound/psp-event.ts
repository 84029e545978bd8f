import { isUuid } from '../../shared/uuid-v7.js';

export const PSP_EVENT_TYPES = ['payment.succeeded', 'payment.failed', 'refund.succeeded'] as const;
export type PspEventType = (typeof PSP_EVENT_TYPES)[number];

/** What the provider tells us, reduced to what we act on (the simulator's README has the full shapes). */
export type PspEvent =
  | { id: string; type: 'payment.succeeded'; paymentId?: string; chargeId: string }
  | { id: string; type: 'payment.failed'; paymentId?: string; chargeId: string; failureCode: string }
  | { id: string; type: 'refund.succeeded'; refundId?: string; providerRefundId: string };

export type ParsedEvent =
  | { kind: 'event'; event: PspEvent; raw: Record<string, unknown> }
  // A signed event of a type we handle that lacks what we act on: taken (deduped) and ignored.
  | { kind: 'unusable'; id: string; type: PspEventType; reason: string; raw: Record<string, unknown> }
  | { kind: 'unknown_type'; id: string; type: string }
  | { kind: 'malformed' };

const EVENT_ID = /^[A-Za-z0-9_.:-]{1,255}$/;

/** Parses the raw bytes, only after the signature was verified over them. */
export function parsePspEvent(rawBody: Buffer): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'malformed' };
  }
  if (
    !isRecord(json) ||
    typeof json.id !== 'string' ||
    !EVENT_ID.test(json.id) ||
    typeof json.type !== 'string'
  ) {
    return { kind: 'malformed' };
  }
  const { id, type, data } = json;
  if (!isRecord(data)) return { kind: 'malformed' };
  const ours = (value: unknown) =>
    typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined;
  switch (type) {
    case 'payment.succeeded':
    case 'payment.failed': {
      if (typeof data.id !== 'string')
        return { kind: 'unusable', id, type, reason: 'no-charge-id', raw: json };
      const paymentId = ours(data.reference);
      if (type === 'payment.succeeded')
        return { kind: 'event', raw: json, event: { id, type, paymentId, chargeId: data.id } };
      const failureCode = typeof data.failure_code === 'string' ? data.failure_code : 'card_declined';
      return { kind: 'event', raw: json, event: { id, type, paymentId, chargeId: data.id, failureCode } };
    }
    case 'refund.succeeded':
      if (typeof data.id !== 'string')
        return { kind: 'unusable', id, type, reason: 'no-refund-id', raw: json };
      // Our refund id is the provider's idempotency key for it (RefundsService).
      return {
        kind: 'event',
        raw: json,
        event: { id, type, refundId: ours(data.idempotency_key), providerRefundId: data.id },
      };
    default:
      return { kind: 'unknown_type', id, type };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
