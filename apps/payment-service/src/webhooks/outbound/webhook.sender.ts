// The module objects, not named imports: tracing patches `request` on them after this module's
// bindings would have been taken, and a patched request carries the W3C traceparent (ADR 0009).
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

import { guardedLookup, isBlockedAddress } from '../ssrf/ssrf-guard.js';
import { type TargetPolicy } from '../ssrf/target-policy.js';
import { type StandardWebhookHeaders } from './standard-webhook.signature.js';

/** A non-2xx answer. Carries `status`, so the breaker's default rule ignores 4xx (the endpoint is up). */
export class DeliveryHttpError extends Error {
  constructor(readonly status: number) {
    super(`endpoint answered ${status}`);
    this.name = 'DeliveryHttpError';
  }
}

export interface Delivery {
  url: string;
  headers: StandardWebhookHeaders;
  body: string;
}

/** The merchant's answer body is never needed: read at most this much and drop it. */
const MAX_RESPONSE_BYTES = 64 * 1_024;

/**
 * POSTs one signed delivery. Resolves with the 2xx status, rejects with DeliveryHttpError
 * otherwise (3xx included: redirects are not followed, per Standard Webhooks). The SSRF policy is
 * checked on the address actually connected to, so a rebinding DNS answer is refused too.
 */
export function sendWebhook(delivery: Delivery, policy: TargetPolicy, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(delivery.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // Node skips `lookup` for IP literals, so those are checked here.
    if (!policy.allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) {
      reject(new Error(`refused target address ${host}`));
      return;
    }
    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request(
      url,
      {
        method: 'POST',
        signal,
        lookup: guardedLookup(policy),
        headers: {
          ...delivery.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'payment-service-webhooks/1.0',
        },
      },
      (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new DeliveryHttpError(status));
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', reject);
    req.end(delivery.body);
  });
}
