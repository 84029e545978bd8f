import { RefundExceedsCapturedError } from './refunds.errors.js';

/**
 * How much a refund request takes: the asked amount, or everything still refundable. `reserved`
 * counts succeeded and pending refunds, so concurrent requests (serialised by the payment row
 * lock) can never promise more than was captured.
 */
export function refundAmount(captured: number, reserved: number, requested: number | undefined): number {
  const remaining = captured - reserved;
  const amount = requested ?? remaining;
  if (remaining <= 0 || amount > remaining) throw new RefundExceedsCapturedError(Math.max(remaining, 0));
  return amount;
}
