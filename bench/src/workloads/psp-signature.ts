import { createHmac } from 'node:crypto';

/**
 * `Psp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">`, exactly as the
 * provider simulator signs its webhooks (apps/payment-provider-simulator/src/webhooks).
 */
export function signPspWebhook(secret: string, rawBody: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
