import { type StoredResponse } from '../idempotency/idempotency.types.js';
import { storedJson } from '../idempotency/stored-response.js';
import { type RefundEntity } from './refund.entity.js';

export interface RefundBody {
  id: string;
  object: 'refund';
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  failure_code?: string;
  created_at: string;
  updated_at: string;
}

export function toRefundBody(refund: RefundEntity): RefundBody {
  return {
    id: refund.id,
    object: 'refund',
    payment_id: refund.paymentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    ...(refund.failureCode ? { failure_code: refund.failureCode } : {}),
    created_at: refund.createdAt.toISOString(),
    updated_at: refund.updatedAt.toISOString(),
  };
}

/** The answer to the request that created `refund`, as its idempotency key stores it. */
export function refundCreated(refund: RefundEntity): StoredResponse {
  return storedJson(201, toRefundBody(refund), refund.id);
}
