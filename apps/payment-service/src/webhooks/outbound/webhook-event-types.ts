import { PAYMENT_STATUSES } from '../../payments/payment-status.js';
import { REFUND_STATUSES } from '../../refunds/refund.entity.js';

/** Every outbound event type: `payment.<status>` and `refund.<status>` for each settled status. */
export const WEBHOOK_EVENT_TYPES = [
  ...PAYMENT_STATUSES.filter((s) => s !== 'processing').map((s) => `payment.${s}` as const),
  ...REFUND_STATUSES.filter((s) => s !== 'pending').map((s) => `refund.${s}` as const),
];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
