import { canTransition, statusAfterRefund } from '../payments/payment-status.js';
import { type PaymentEntity } from '../payments/payment.entity.js';
import { type PaymentChange } from '../payments/payment-settlement.js';
import { type RefundEntity } from './refund.entity.js';
import { type RefundChange } from './refunds.repository.js';

/** The provider refunded, refused (4xx: nothing moved), or nobody knows yet. */
export type RefundOutcome =
  | { outcome: 'succeeded'; refundId: string }
  | { outcome: 'rejected'; failureCode: string }
  | { outcome: 'unknown' };

export interface RefundSettlement {
  refund: RefundChange;
  payment?: PaymentChange;
}

/**
 * What a provider answer does to a pending refund and its payment. Unknown: nothing (the refund
 * stays pending and keeps its reservation). Only a pending refund settles, and only once.
 */
export function settleRefund(payment: PaymentEntity, refund: RefundEntity, answer: RefundOutcome): RefundSettlement | undefined {
  if (refund.status !== 'pending') return undefined;
  switch (answer.outcome) {
    case 'unknown':
      return undefined;
    case 'rejected':
      return { refund: { status: 'failed', failureCode: answer.failureCode } };
    case 'succeeded': {
      const amountRefunded = payment.amountRefunded + refund.amount;
      const status = statusAfterRefund(payment.amount, amountRefunded);
      if (!canTransition(payment.status, status) || amountRefunded > payment.amount) {
        throw new Error(`refund ${refund.id} cannot move payment ${payment.id} from ${payment.status} to ${status}`);
      }
      return { refund: { status: 'succeeded', providerRefundId: answer.refundId }, payment: { status, amountRefunded } };
    }
  }
}
