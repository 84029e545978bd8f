// The one place that says which payment state changes are legal. Transitions only move forward:
// `processing` settles once, and refunds only ever add to what was refunded.
export const PAYMENT_STATUSES = ['processing', 'succeeded', 'failed', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  processing: ['succeeded', 'failed'],
  succeeded: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  failed: [],
  refunded: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to);
}

export function isRefundable(status: PaymentStatus): boolean {
  return canTransition(status, 'refunded');
}

/** Money was taken at some point (it may since have been refunded in full). */
export function hasCaptured(status: PaymentStatus): boolean {
  return status === 'refunded' || isRefundable(status);
}

/** The status a payment takes once `amountRefunded` of its `amount` has been refunded. */
export function statusAfterRefund(amount: number, amountRefunded: number): PaymentStatus {
  return amountRefunded >= amount ? 'refunded' : 'partially_refunded';
}
