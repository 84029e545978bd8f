export type WebhookEventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded';

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  /** Unix seconds. */
  created: number;
  data: object;
}

export interface DeliveryAttempt {
  copy: number;
  attempt: number;
  at: string;
  status?: number;
  error?: string;
}

export interface EventRecord {
  event: WebhookEvent;
  delivered: boolean;
  attempts: DeliveryAttempt[];
}
