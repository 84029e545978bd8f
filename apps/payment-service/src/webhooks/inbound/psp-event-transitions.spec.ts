import { describe, expect, it } from '@jest/globals';

import { type PaymentEntity } from '../../payments/payment.entity.js';
import { type PaymentStatus } from '../../payments/payment-status.js';
import { type RefundEntity, type RefundStatus } from '../../refunds/refund.entity.js';
import { decidePaymentEvent, decideRefundEvent } from './psp-event-transitions.js';

const aPayment = (status: PaymentStatus, amountRefunded = 0): PaymentEntity =>
  ({ id: 'p1', userId: 'u1', amount: 1_000, amountRefunded, status }) as PaymentEntity;
const aRefund = (status: RefundStatus, amount = 400): RefundEntity =>
  ({ id: 'r1', paymentId: 'p1', userId: 'u1', amount, status }) as RefundEntity;

const succeeded = { id: 'evt_1', type: 'payment.succeeded', paymentId: 'p1', chargeId: 'ch_1' } as const;
const failed = {
  id: 'evt_2',
  type: 'payment.failed',
  paymentId: 'p1',
  chargeId: 'ch_1',
  failureCode: 'card_declined',
} as const;
const refunded = { id: 'evt_3', type: 'refund.succeeded', refundId: 'r1', providerRefundId: 're_1' } as const;

describe(decidePaymentEvent.name, () => {
  it('settles a processing payment as succeeded or failed', () => {
    expect(decidePaymentEvent(succeeded, aPayment('processing'))).toEqual({
      apply: { status: 'succeeded', providerChargeId: 'ch_1' },
    });
    expect(decidePaymentEvent(failed, aPayment('processing'))).toEqual({
      apply: { status: 'failed', providerChargeId: 'ch_1', failureCode: 'card_declined' },
    });
  });

  it('ignores a late payment.failed after succeeded (transitions only move forward)', () => {
    expect(decidePaymentEvent(failed, aPayment('succeeded'))).toEqual({
      ignore: 'payment-already-succeeded',
    });
    expect(decidePaymentEvent(failed, aPayment('refunded'))).toEqual({ ignore: 'payment-already-refunded' });
  });

  it('ignores payment.succeeded for a payment already settled either way', () => {
    expect(decidePaymentEvent(succeeded, aPayment('succeeded'))).toEqual({
      ignore: 'payment-already-succeeded',
    });
    expect(decidePaymentEvent(succeeded, aPayment('failed'))).toEqual({ ignore: 'payment-already-failed' });
  });

  it('ignores an event for a payment we do not have', () => {
    expect(decidePaymentEvent(succeeded, null)).toEqual({ ignore: 'unknown-payment' });
  });
});

describe(decideRefundEvent.name, () => {
  it('settles a pending refund and moves the payment to partially refunded', () => {
    expect(decideRefundEvent(refunded, aPayment('succeeded'), aRefund('pending'))).toEqual({
      apply: {
        refund: { status: 'succeeded', providerRefundId: 're_1' },
        payment: { status: 'partially_refunded', amountRefunded: 400 },
      },
    });
  });

  it('ignores a refund already settled by the synchronous answer', () => {
    expect(decideRefundEvent(refunded, aPayment('partially_refunded', 400), aRefund('succeeded'))).toEqual({
      ignore: 'refund-already-succeeded',
    });
  });

  it('ignores a refund for a payment that has not captured (refund before payment.succeeded)', () => {
    expect(decideRefundEvent(refunded, aPayment('processing'), aRefund('pending'))).toEqual({
      ignore: 'payment-not-refundable-processing',
    });
  });

  it('ignores a refund that would pass the captured amount, and unknown refunds', () => {
    expect(decideRefundEvent(refunded, aPayment('partially_refunded', 800), aRefund('pending'))).toEqual({
      ignore: 'payment-not-refundable-partially_refunded',
    });
    expect(decideRefundEvent(refunded, null, null)).toEqual({ ignore: 'unknown-refund' });
  });
});
