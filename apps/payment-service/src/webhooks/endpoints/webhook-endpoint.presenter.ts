import { type WebhookEndpointRow } from './webhook-endpoints.repository.js';

export interface WebhookEndpointBody {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  /** Empty: every event type. */
  events: string[];
  status: 'enabled' | 'disabled';
  disabled_reason?: string;
  created_at: string;
  /** Only in the creation answer: the secret is shown once, like Stripe's. */
  secret?: string;
}

/** `secret`: the plaintext, passed only when answering the creation (the row holds it sealed). */
export function toWebhookEndpointBody(row: WebhookEndpointRow, secret?: string): WebhookEndpointBody {
  return {
    id: row.id,
    object: 'webhook_endpoint',
    url: row.url,
    events: row.events,
    status: row.disabled_at === null ? 'enabled' : 'disabled',
    ...(row.disabled_reason !== null ? { disabled_reason: row.disabled_reason } : {}),
    created_at: new Date(row.created_at).toISOString(),
    ...(secret !== undefined ? { secret } : {}),
  };
}
