export type ChargeStatus = 'succeeded' | 'failed';

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_method: string;
  /** The caller's own reference (e.g. its payment id), echoed in webhooks. */
  reference: string | null;
  /** The key the charge was created with, so a caller can match it without knowing the id. */
  idempotency_key: string;
  status: ChargeStatus;
  failure_code: string | null;
  failure_message: string | null;
  refunded: boolean;
  created: number;
}

export interface Refund {
  id: string;
  object: 'refund';
  charge: string;
  amount: number;
  currency: string;
  status: 'succeeded';
  idempotency_key: string;
  created: number;
}
