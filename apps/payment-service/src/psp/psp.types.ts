export interface ChargeRequest {
  /** Our idempotency key; sent as the provider's Idempotency-Key so a retry cannot charge twice. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  /** Our payment id, echoed back in the provider's webhooks. */
  reference?: string;
}

/** A decline is an answer, not a failure. */
export type ChargeResult =
  { outcome: 'succeeded'; chargeId: string } | { outcome: 'declined'; chargeId: string; failureCode: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amount: number;
}

export interface RefundResult {
  refundId: string;
  amount: number;
}

/** The provider's wire shape of a charge (see apps/payment-provider-simulator/README.md). */
export interface ProviderCharge {
  id: string;
  status: 'succeeded' | 'failed';
  failure_code: string | null;
}

export interface ProviderRefund {
  id: string;
  amount: number;
}
