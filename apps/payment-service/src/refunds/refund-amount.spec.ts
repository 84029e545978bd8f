import { describe, expect, it } from '@jest/globals';

import { refundAmount } from './refund-amount.js';
import { RefundExceedsCapturedError } from './refunds.errors.js';

describe(refundAmount.name, () => {
  it('refunds the requested amount while it fits', () => {
    expect(refundAmount(1000, 300, 700)).toBe(700);
  });

  it('defaults to everything not yet refunded or reserved', () => {
    expect(refundAmount(1000, 300, undefined)).toBe(700);
  });

  it('refuses a refund larger than what remains of the captured amount', () => {
    expect(() => refundAmount(1000, 300, 701)).toThrow(RefundExceedsCapturedError);
  });

  it('refuses any refund once everything is refunded or reserved', () => {
    expect(() => refundAmount(1000, 1000, undefined)).toThrow(RefundExceedsCapturedError);
    expect(() => refundAmount(1000, 1000, 1)).toThrow(RefundExceedsCapturedError);
  });
});
