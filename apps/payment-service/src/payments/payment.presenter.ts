import { type StoredResponse } from '../idempotency/idempotency.types.js';
import { storedJson } from '../idempotency/stored-response.js';
import { type PaymentEntity } from './payment.entity.js';

export interface PaymentBody {
  id: string;
  object: 'payment';
  amount: number;
  amount_refunded: number;
  currency: string;
  status: string;
  failure_code?: string;
  description?: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
}

/** The public payment object (snake_case, optional members omitted rather than null). */
export function toPaymentBody(payment: PaymentEntity): PaymentBody {
  return {
    id: payment.id,
    object: 'payment',
    amount: payment.amount,
    amount_refunded: payment.amountRefunded,
    currency: payment.currency,
    status: payment.status,
    ...(payment.failureCode ? { failure_code: payment.failureCode } : {}),
    ...(payment.description !== null ? { description: payment.description } : {}),
    metadata: payment.metadata,
    created_at: payment.createdAt.toISOString(),
    updated_at: payment.updatedAt.toISOString(),
  };
}

/** The answer to the request that created `payment`, as its idempotency key stores it. */
export function paymentCreated(payment: PaymentEntity): StoredResponse {
  return storedJson(201, toPaymentBody(payment), payment.id);
}
