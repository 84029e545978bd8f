import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { PaymentStack } from './support/payment-stack.js';
import { WebhooksReceiver } from './support/webhooks-receiver.js';
import { aProcessingPayment, eventually, relayOnce, WEBHOOKS_ENV } from './support/webhooks-stack.js';

/** Every sample of GET /metrics as `name{labels}` → value, without the `service` label every sample carries. */
async function scrape(stack: PaymentStack): Promise<Map<string, number>> {
  const res = await stack.request('GET', '/metrics');
  const samples = new Map<string, number>();
  for (const line of res.text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    const key = line.slice(0, at).replace(/,?service="[^"]*"/, '').replace('{,', '{').replace('{}', '');
    samples.set(key, Number(line.slice(at + 1)));
  }
  return samples;
}

describe('operations metrics on GET /metrics (e2e)', () => {
  let stack: PaymentStack;
  let receiver: WebhooksReceiver;

  beforeAll(async () => {
    stack = await PaymentStack.start(WEBHOOKS_ENV);
    receiver = await WebhooksReceiver.start();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  it('counts payment outcomes, idempotent replays and key conflicts', async () => {
    const { accessToken: token } = await stack.auth.signUp();
    const key = aKey();
    const before = await scrape(stack);

    expect((await stack.request('POST', '/payments', { token, key, body: aPaymentRequest() })).status).toBe(201);
    expect((await stack.request('POST', '/payments', { token, key, body: aPaymentRequest() })).status).toBe(201);
    expect((await stack.request('POST', '/payments', { token, key, body: aPaymentRequest({ amount: 4321 }) })).status).toBe(422);
    const after = await scrape(stack);

    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('payment_outcomes_total{status="succeeded"}')).toBe(1);
    expect(delta('payment_idempotency_requests_total{outcome="replayed"}')).toBe(1);
    expect(delta('payment_idempotency_requests_total{outcome="conflict"}')).toBe(1);
  });

  it('reports the reconciler backlog and the age of its oldest payment when scraped', async () => {
    const { id: userId } = await stack.auth.signUp();
    await stack.sql.query(`UPDATE payments SET status = 'failed' WHERE status = 'processing'`);
    await aProcessingPayment(stack, userId);
    await stack.sql.query(`UPDATE payments SET updated_at = now() - interval '90 seconds' WHERE status = 'processing'`);

    // Read from the replica: it may take a moment to replay the rows.
    const samples = await eventually(async () => {
      const s = await scrape(stack);
      return s.get('payment_processing_payments') === 1 ? s : undefined;
    });

    expect(samples.get('payment_oldest_processing_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(samples.get('payment_oldest_processing_age_seconds')).toBeLessThan(120);
  });

  it('reports the outbox backlog, then the delivery latency once the relay delivers it', async () => {
    const { accessToken: token } = await stack.auth.signUp();
    expect((await stack.request('POST', '/webhook-endpoints', { token, body: { url: receiver.url } })).status).toBe(201);
    const deliveredBefore = (await scrape(stack)).get('webhook_delivery_latency_seconds_count') ?? 0;
    expect((await stack.request('POST', '/payments', { token, key: aKey(), body: aPaymentRequest() })).status).toBe(201);

    const pending = await eventually(async () => {
      const n = (await scrape(stack)).get('webhook_outbox_pending_deliveries') ?? 0;
      return n > 0 ? n : undefined;
    });
    await eventually(async () => ((await stack.count(`SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'`)) === 0 ? true : undefined), {
      step: () => relayOnce(stack.app),
    });
    const after = await eventually(async () => {
      const s = await scrape(stack);
      return s.get('webhook_outbox_pending_deliveries') === 0 ? s : undefined;
    });

    expect(pending).toBeGreaterThan(0);
    expect((after.get('webhook_delivery_latency_seconds_count') ?? 0) - deliveredBefore).toBeGreaterThanOrEqual(1);
    expect(after.get('webhook_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('reports the pools per role and the replica lag it reads behind', async () => {
    const samples = await scrape(stack);

    expect(samples.get('db_pool_connections{pool="writer",state="in_use"}')).toBeGreaterThanOrEqual(0);
    expect(samples.get('db_pool_connections{pool="writer",state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(samples.get('db_pool_connections{pool="reader",state="waiting"}')).toBe(0);
    expect(samples.get('db_replica_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.get('db_replica_lag_seconds')).toBeLessThan(5);
  });
});
