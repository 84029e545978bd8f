import { createHmac } from 'node:crypto';

import { freePort } from '@app/testing';
import { createHttpApp } from '@app/server';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

import { AppModule, SERVICE_NAME } from '../../src/app.module.js';
import { loadPaymentConfig } from '../../src/config/env.js';
import { uuidV7 } from '../../src/shared/uuid-v7.js';
import { WebhookRelay } from '../../src/webhooks/outbound/webhook.relay.js';
import { type PaymentStack } from './payment-stack.js';

export const PSP_WEBHOOK_SECRET = 'psp-webhook-secret-for-e2e-tests';

/** Env for a stack whose payment-service takes provider webhooks and delivers merchant ones to loopback. */
export const WEBHOOKS_ENV: Record<string, string> = {
  PSP_WEBHOOK_SECRET,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_ALLOW_HTTP: 'true',
  // Tests drive the relay themselves (relayOnce) unless they start an instance that runs it.
  WEBHOOK_RELAY_INTERVAL_MS: '0',
  WEBHOOK_DELIVERY_TIMEOUT_MS: '1000',
  WEBHOOK_PURGE_INTERVAL_MS: '0',
};

/**
 * Another payment-service replica on the stack's database, Redis, provider and auth, with its own
 * env on top (e.g. a running relay) and optionally a real listening port for the simulator to
 * call. The caller closes it (before the stack).
 */
export async function startServiceInstance(
  stack: PaymentStack,
  env: Record<string, string> = {},
  opts: { listen?: boolean } = {},
): Promise<{ app: NestFastifyApplication; url?: string }> {
  const config = loadPaymentConfig({
    PORT: '1',
    DB_WRITER_URL: stack.pg.primary.url('payments'),
    DB_READER_URLS: stack.pg.replica?.url('payments') ?? '',
    DB_POOL_MAX: '5',
    REDIS_URL: stack.redis.url,
    PSP_URL: stack.simulator.url,
    PSP_TIMEOUT_MS: '1000',
    RECONCILER_INTERVAL_MS: '0',
    IDEMPOTENCY_PURGE_INTERVAL_MS: '0',
    ...stack.auth.env,
    KEY_ENCRYPTION_KEY: stack.config.webhooks.KEY_ENCRYPTION_KEY,
    ...WEBHOOKS_ENV,
    ...env,
  });
  const app = await createHttpApp(AppModule.forRoot(config), {
    service: SERVICE_NAME,
    bodyLimitBytes: 65_536,
  });
  if (!opts.listen) {
    await app.getHttpAdapter().getInstance().ready();
    return { app };
  }
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port}` };
}

/** One relay run on an instance, as its interval job would do it. */
export function relayOnce(app: NestFastifyApplication): Promise<number> {
  return app.get(WebhookRelay).relayBatch();
}

/** `Psp-Signature` for these exact bytes, as the simulator signs them. */
export function pspSignature(rawBody: string, opts: { timestamp?: number; secret?: string } = {}): string {
  const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', opts.secret ?? PSP_WEBHOOK_SECRET)
    .update(`${t}.${rawBody}`)
    .digest('hex')}`;
}

/** A provider event serialised and signed like the simulator does it. */
export function signedPspEvent(
  event: object,
  opts: { timestamp?: number; secret?: string } = {},
): { body: string; signature: string } {
  const body = JSON.stringify(event);
  return { body, signature: pspSignature(body, opts) };
}

/** A payment left `processing` (its outcome unknown), as a timed-out charge leaves it. */
export async function aProcessingPayment(stack: PaymentStack, userId: string): Promise<string> {
  const id = uuidV7();
  await stack.sql.query(
    `INSERT INTO payments (id, user_id, idempotency_key, amount, currency, status, payment_method)
     VALUES ($1, $2, $3, 1000, 'eur', 'processing', 'pm_card_ok')`,
    [id, userId, `key-${id}`],
  );
  return id;
}

/** Polls `check` (running `step` before each look) until it holds or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; step?: () => Promise<unknown> } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    await opts.step?.();
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A counter's value from the instance's GET /metrics (Prometheus text). */
export async function metricValue(
  app: NestFastifyApplication,
  name: string,
  labels: string,
): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  const line = res.body.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}
