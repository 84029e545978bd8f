import { describe, expect, it } from '@jest/globals';

import { canTransition, hasCaptured, isRefundable, PAYMENT_STATUSES, type PaymentStatus, statusAfterRefund } from './payment-status.js';

describe(canTransition.name, () => {
  const legal: [PaymentStatus, PaymentStatus][] = [
    ['processing', 'succeeded'],
    ['processing', 'failed'],
    ['succeeded', 'partially_refunded'],
    ['succeeded', 'refunded'],
    ['partially_refunded', 'partially_refunded'],
    ['partially_refunded', 'refunded'],
  ];

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  const illegal = PAYMENT_STATUSES.flatMap((from) =>
    PAYMENT_STATUSES.filter((to) => !legal.some(([f, t]) => f === from && t === to)).map(
      (to) => [from, to] as [PaymentStatus, PaymentStatus],
    ),
  );

  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('never leaves a terminal state', () => {
    for (const terminal of ['failed', 'refunded'] as const) {
      expect(PAYMENT_STATUSES.filter((to) => canTransition(terminal, to))).toEqual([]);
    }
  });

  it('never goes back to processing', () => {
    expect(PAYMENT_STATUSES.filter((from) => canTransition(from, 'processing'))).toEqual([]);
  });
});

describe(isRefundable.name, () => {
  it('refunds only captured money', () => {
    expect(PAYMENT_STATUSES.filter(isRefundable)).toEqual(['succeeded', 'partially_refunded']);
  });
});

describe(statusAfterRefund.name, () => {
  it('is partially_refunded while money remains and refunded once all of it is back', () => {
    expect(statusAfterRefund(1000, 1)).toBe('partially_refunded');
    expect(statusAfterRefund(1000, 999)).toBe('partially_refunded');
    expect(statusAfterRefund(1000, 1000)).toBe('refunded');
  });
});

describe(hasCaptured.name, () => {
  it('is true once money was taken, even if all of it went back', () => {
    expect(PAYMENT_STATUSES.filter(hasCaptured)).toEqual(['succeeded', 'partially_refunded', 'refunded']);
  });
});
