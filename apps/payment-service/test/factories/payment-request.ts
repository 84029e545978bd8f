import { randomUUID } from 'node:crypto';

export interface PaymentRequestBody {
  amount: number;
  currency: string;
  payment_method: string;
  description?: string;
  metadata?: Record<string, string>;
}

/** A valid POST /payments body; override what the test is about. */
export function aPaymentRequest(overrides: Partial<PaymentRequestBody> = {}): PaymentRequestBody {
  return { amount: 1_000, currency: 'eur', payment_method: 'pm_card_ok', ...overrides };
}

export function aKey(): string {
  return randomUUID();
}
