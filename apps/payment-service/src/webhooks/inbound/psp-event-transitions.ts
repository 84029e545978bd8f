import { type ChargeOutcome, settleCharge } from '../../payments/charge-settlement.js';
import { type PaymentEntity } from '../../payments/payment.entity.js';
import { canTransition, statusAfterRefund } from '../../payments/payment-status.js';
import { type PaymentChange } from '../../payments/payment-settlement.js';
import { type RefundEntity } from '../../refunds/refund.entity.js';
import { type RefundSettlement, settleRefund } from '../../refunds/refund-settlement.js';
import { type PspEvent } from './psp-event.js';

export type Decision<C> = { apply: C } | { ignore: string };

/**
 * A provider event applies only if it moves the payment forward (payment-status.ts): a late
 * `payment.failed` after `succeeded`, or any event for a settled payment, changes nothing.
 */
export function decidePaymentEvent(
  event: Extract<PspEvent, { type: 'payment.succeeded' | 'payment.failed' }>,
  payment: PaymentEntity | null,
): Decision<PaymentChange> {
  if (payment === null) return { ignore: 'unknown-payment' };
  const outcome: ChargeOutcome =
    event.type === 'payment.succeeded'
      ? { outcome: 'succeeded', chargeId: event.chargeId }
      : { outcome: 'declined', chargeId: event.chargeId, failureCode: event.failureCode };
  const change = settleCharge(payment.status, outcome);
  return change ? { apply: change } : { ignore: `payment-already-${payment.status}` };
}

/** `refund.succeeded` settles a pending refund once; a settled refund or a payment that cannot take it is left alone. */
export function decideRefundEvent(
  event: Extract<PspEvent, { type: 'refund.succeeded' }>,
  payment: PaymentEntity | null,
  refund: RefundEntity | null,
): Decision<RefundSettlement> {
  if (payment === null || refund === null) return { ignore: 'unknown-refund' };
  if (refund.status !== 'pending') return { ignore: `refund-already-${refund.status}` };
  const amountRefunded = payment.amountRefunded + refund.amount;
  if (
    amountRefunded > payment.amount ||
    !canTransition(payment.status, statusAfterRefund(payment.amount, amountRefunded))
  ) {
    return { ignore: `payment-not-refundable-${payment.status}` };
  }
  const settlement = settleRefund(payment, refund, {
    outcome: 'succeeded',
    refundId: event.providerRefundId,
  });
  return settlement ? { apply: settlement } : { ignore: 'no-change' };
}
