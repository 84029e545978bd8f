import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Webhook } from 'standardwebhooks';

import { Database } from '@app/database';
import { runOnce } from '@app/testing';
import { PaymentReconciler } from '../src/reconciler/payment-reconciler.js';
import { generateEndpointSecret } from '../src/webhooks/outbound/standard-webhook.signature.js';
import { WebhookDeliveriesRepository } from '../src/webhooks/outbound/webhook-deliveries.repository.js';
import { WebhookRelay } from '../src/webhooks/outbound/webhook.relay.js';
import { WebhooksPurgeJob } from '../src/webhooks/webhooks-purge.job.js';
import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { PaymentStack } from './support/payment-stack.js';
import { WebhooksReceiver } from './support/webhooks-receiver.js';
import {
  aProcessingPayment,
  eventually,
  relayOnce,
  startServiceInstance,
  WEBHOOKS_ENV,
} from './support/webhooks-stack.js';

// Svix-like shape, scaled down: 0, 10 ms, 50 ms, 200 ms, 600 ms (5 attempts, then dead letter);
// an endpoint breaker opened by those failures lets a trial through again after 200 ms.
const RETRY_ENV = {
  WEBHOOK_RETRY_SCHEDULE: '0,1,5,20,60',
  WEBHOOK_RETRY_TIME_SCALE: '0.01',
  WEBHOOK_BREAKER_RESET_MS: '200',
};

describe('outbound merchant webhooks (e2e)', () => {
  let stack: PaymentStack;
  let receiver: WebhooksReceiver;
  const extraInstances: NestFastifyApplication[] = [];

  beforeAll(async () => {
    stack = await PaymentStack.start({ ...WEBHOOKS_ENV, ...RETRY_ENV });
    receiver = await WebhooksReceiver.start();
  });

  afterEach(() => {
    receiver?.answerWith({ status: 200 });
    receiver?.release();
  });

  afterAll(async () => {
    for (const app of extraInstances) await app.close();
    await receiver?.close();
    await stack?.close();
  });

  /** A merchant with a registered endpoint: its id and token, the endpoint and its secret. */
  const aMerchant = async (body: object = {}) => {
    const { id: userId, accessToken: token } = await stack.auth.signUp();
    const res = await stack.request('POST', '/webhook-endpoints', {
      token,
      body: { url: receiver.url, ...body },
    });
    expect(res.status).toBe(201);
    return {
      userId,
      token,
      endpoint: res.json as { id: string; secret: string; url: string; events: string[] },
    };
  };
  const pay = async (token: string) => {
    const res = await stack.request('POST', '/payments', { token, key: aKey(), body: aPaymentRequest() });
    expect(res.status).toBe(201);
    return res.json as { id: string; status: string };
  };
  const eventIdFor = async (resourceId: string, type: string) =>
    (
      await stack.sql.query<{ id: string }>(
        'SELECT id FROM webhook_events WHERE resource_id = $1 AND type = $2',
        [resourceId, type],
      )
    ).rows[0].id;
  const deliveryOf = async (eventId: string) =>
    (
      await stack.sql.query<{ status: string; attempts: number; locked_until: Date | null }>(
        'SELECT status, attempts, locked_until FROM webhook_deliveries WHERE event_id = $1',
        [eventId],
      )
    ).rows[0];
  /** The operator tool exactly as the runbook runs it (built CLI, own process). */
  const replayWebhooks = (...args: string[]) =>
    runOnce({ entry: 'apps/payment-service/dist/cli/replay-webhooks.js', args, env: { DB_WRITER_URL: stack.writerUrl } });
  const relayUntil = (check: () => boolean, app: NestFastifyApplication = stack.app) =>
    eventually(async () => (check() ? true : undefined), { step: () => relayOnce(app) });

  describe('POST/GET/DELETE /webhook-endpoints', () => {
    it('registers an endpoint and shows its whsec_ secret once', async () => {
      const { token, endpoint } = await aMerchant({ events: ['payment.succeeded'] });

      expect(endpoint).toMatchObject({ url: receiver.url, events: ['payment.succeeded'], status: 'enabled' });
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const list = await stack.request('GET', '/webhook-endpoints', { token });
      expect(list.json.data).toEqual([expect.objectContaining({ id: endpoint.id })]);
      expect(list.json.data[0].secret).toBeUndefined();
    });

    it('deletes only the owner’s endpoint', async () => {
      const { token, endpoint } = await aMerchant();
      const other = (await stack.auth.signUp()).accessToken;

      const remove = (bearer: string) =>
        stack.app.inject({
          method: 'DELETE',
          url: `/webhook-endpoints/${endpoint.id}`,
          headers: { authorization: `Bearer ${bearer}` },
        });
      expect((await remove(other)).statusCode).toBe(404);
      expect((await remove(token)).statusCode).toBe(204);
      expect((await stack.request('GET', '/webhook-endpoints', { token })).json.data).toEqual([]);
    });

    it('refuses a URL the SSRF guard does not allow, an unknown event type, and no token', async () => {
      const token = (await stack.auth.signUp()).accessToken;
      const ftp = await stack.request('POST', '/webhook-endpoints', {
        token,
        body: { url: 'ftp://127.0.0.1/hooks' },
      });
      expect(ftp.status).toBe(422);
      expect(ftp.json.type).toBe('urn:problem-type:webhook-target-refused');
      const badType = await stack.request('POST', '/webhook-endpoints', {
        token,
        body: { url: receiver.url, events: ['payment.stolen'] },
      });
      expect(badType.status).toBe(422);
      expect(
        (await stack.request('POST', '/webhook-endpoints', { body: { url: receiver.url } })).status,
      ).toBe(401);
    });
  });

  it('delivers a payment.succeeded signed per Standard Webhooks (verified by the standardwebhooks package)', async () => {
    const { token, endpoint } = await aMerchant();
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');

    await relayUntil(() => receiver.for(eventId).length > 0);

    const [request] = receiver.for(eventId);
    const verified = new Webhook(endpoint.secret).verify(
      request.body,
      request.headers as Record<string, string>,
    ) as {
      type: string;
      data: { id: string; status: string };
    };
    expect(verified.type).toBe('payment.succeeded');
    expect(verified.data).toMatchObject({ id: payment.id, object: 'payment', status: 'succeeded' });
    expect(() =>
      new Webhook(generateEndpointSecret()).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('delivers only the event types an endpoint asked for', async () => {
    const { token } = await aMerchant({ events: ['payment.refunded'] });
    const payment = await pay(token);

    expect(
      await stack.count('SELECT count(*) AS n FROM webhook_events WHERE resource_id = $1', [payment.id]),
    ).toBe(1);
    expect(
      await stack.count(
        'SELECT count(*) AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.resource_id = $1',
        [payment.id],
      ),
    ).toBe(0);
  });

  it('writes the outbox event when the reconciler settles a payment, too', async () => {
    const { userId } = await aMerchant();
    const paymentId = await aProcessingPayment(stack, userId);
    await stack.sql.query(`UPDATE payments SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
      paymentId,
    ]);

    await stack.app.get(PaymentReconciler).reconcileBatch();

    // The provider has no charge for it: settled as failed, and the merchant hears of it.
    const eventId = await eventIdFor(paymentId, 'payment.failed');
    await relayUntil(() => receiver.for(eventId).length === 1);
    expect(JSON.parse(receiver.for(eventId)[0].body)).toMatchObject({
      type: 'payment.failed',
      data: { id: paymentId, status: 'failed', failure_code: 'provider_no_charge' },
    });
  });

  it('retries with growing back-off while the receiver is down, then delivers once it is back, with one webhook-id', async () => {
    const { token } = await aMerchant();
    receiver.answerWith({ status: 503 });
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');

    await relayUntil(() => receiver.for(eventId).length >= 3);
    receiver?.answerWith({ status: 200 });
    await relayUntil(() => receiver.for(eventId).length >= 4);

    const attempts = receiver.for(eventId);
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    // Scheduled 10 ms then 50 ms then 200 ms, each ±20 %.
    expect(gaps[1]).toBeGreaterThanOrEqual(40);
    expect(gaps[2]).toBeGreaterThanOrEqual(160);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);
    expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([eventId]));
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'delivered', attempts: 4 });
  });

  it('sends each event once when two replicas relay the same outbox at the same time', async () => {
    const { app: other } = await startServiceInstance(stack, RETRY_ENV);
    extraInstances.push(other);
    const { token } = await aMerchant();
    const payments = [];
    for (let i = 0; i < 8; i += 1) payments.push(await pay(token));
    const eventIds = await Promise.all(payments.map((p) => eventIdFor(p.id, 'payment.succeeded')));

    await eventually(async () => (eventIds.every((id) => receiver.for(id).length > 0) ? true : undefined), {
      step: () =>
        Promise.all([relayOnce(stack.app), relayOnce(other), relayOnce(stack.app), relayOnce(other)]),
    });

    expect(eventIds.map((id) => receiver.for(id).length)).toEqual(eventIds.map(() => 1));
  });

  it('still delivers, with the same webhook-id, when the relaying instance dies mid-delivery', async () => {
    const { app: doomed } = await startServiceInstance(stack, RETRY_ENV);
    const { app: survivor } = await startServiceInstance(stack, RETRY_ENV);
    extraInstances.push(survivor);
    const { token } = await aMerchant();
    receiver.answerWith({ hang: true });
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');

    const inFlight = relayOnce(doomed);
    await eventually(async () => (receiver.for(eventId).length === 1 ? true : undefined));
    await doomed.close();
    await inFlight;
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'pending', attempts: 0 });

    receiver?.answerWith({ status: 200 });
    // The dead instance's lease (2 × 1 s timeout + 1 s) runs out, then the survivor sends it again.
    await relayUntil(() => receiver.for(eventId).length === 2, survivor);

    const [first, second] = receiver.for(eventId);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('disables the endpoint on 410 Gone and sends it nothing more, until the operator enables it and replays', async () => {
    const { token, endpoint } = await aMerchant();
    receiver.answerWith({ status: 410 });
    const first = await pay(token);
    const eventId = await eventIdFor(first.id, 'payment.succeeded');

    await eventually(async () => ((await deliveryOf(eventId)).status === 'dead' ? true : undefined), {
      step: () => relayOnce(stack.app),
    });

    const list = await stack.request('GET', '/webhook-endpoints', { token });
    expect(list.json.data).toEqual([
      expect.objectContaining({
        id: endpoint.id,
        status: 'disabled',
        disabled_reason: 'endpoint answered 410 Gone',
      }),
    ]);
    const later = await pay(token);
    await relayOnce(stack.app);
    expect(
      await stack.count(
        'SELECT count(*) AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.resource_id = $1',
        [later.id],
      ),
    ).toBe(0);
    expect(receiver.for(eventId)).toHaveLength(1);

    // The merchant fixed it: the operator enables it again and replays its dead letter.
    receiver.answerWith({ status: 200 });
    const output = await replayWebhooks(`--endpoint=${endpoint.id}`, '--enable');
    expect(output).toMatch(/"endpoint_enabled":true,"replayed":1/);
    await relayUntil(() => receiver.for(eventId).length === 2);
    expect(receiver.for(eventId)[1].headers['webhook-id']).toBe(eventId);
    const relisted = await stack.request('GET', '/webhook-endpoints', { token });
    expect(relisted.json.data[0]).toMatchObject({ id: endpoint.id, status: 'enabled' });
    const next = await pay(token);
    const nextEventId = await eventIdFor(next.id, 'payment.succeeded');
    await relayUntil(() => receiver.for(nextEventId).length === 1);
  });

  it('sends a backlog waiting for its next scheduled retry at once when the operator says the endpoint is back', async () => {
    const { endpoint, token } = await aMerchant();
    receiver.answerWith({ status: 503 });
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');
    await relayUntil(() => receiver.for(eventId).length === 1);
    await eventually(async () => ((await deliveryOf(eventId)).attempts === 1 ? true : undefined));
    // As after a real outage: the next retry is minutes away.
    await stack.sql.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE event_id = $1`, [eventId]);
    receiver.answerWith({ status: 200 });
    await relayOnce(stack.app);
    expect(receiver.for(eventId)).toHaveLength(1);

    const output = await replayWebhooks(`--endpoint=${endpoint.id}`, '--now');
    expect(output).toMatch(/"replayed":0,"pending_due_now":1/);
    await relayUntil(() => receiver.for(eventId).length === 2);
    await eventually(async () => ((await deliveryOf(eventId)).status === 'delivered' ? true : undefined));
  });

  it('refuses operator arguments that are not ids, and --enable without an endpoint', async () => {
    await expect(replayWebhooks('--endpoint=nope')).rejects.toThrow(/--endpoint must be a UUID/);
    await expect(replayWebhooks('--enable')).rejects.toThrow(/--enable needs --endpoint/);
  });

  it('dead-letters a delivery after the last scheduled attempt; a replay delivers it with the same webhook-id', async () => {
    const { token } = await aMerchant();
    receiver.answerWith({ status: 500 });
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');

    await eventually(async () => ((await deliveryOf(eventId)).status === 'dead' ? true : undefined), {
      step: () => relayOnce(stack.app),
    });
    expect(receiver.for(eventId)).toHaveLength(5);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'dead', attempts: 5 });

    receiver?.answerWith({ status: 200 });
    const replayed = await new WebhookDeliveriesRepository().replayDead(stack.app.get(Database).writer, {});
    expect(replayed.length).toBeGreaterThanOrEqual(1);
    await relayUntil(() => receiver.for(eventId).length === 6);

    expect(receiver.for(eventId)[5].headers['webhook-id']).toBe(eventId);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'delivered' });
  });

  it('purges provider event ids past 3 days and delivered outbox events past their retention, never dead ones', async () => {
    const { token } = await aMerchant();
    receiver.answerWith({ status: 500 });
    const payment = await pay(token);
    const deadId = await eventIdFor(payment.id, 'payment.succeeded');
    await eventually(async () => ((await deliveryOf(deadId)).status === 'dead' ? true : undefined), {
      step: () => relayOnce(stack.app),
    });
    receiver?.answerWith({ status: 200 });
    const delivered = await pay(token);
    const deliveredId = await eventIdFor(delivered.id, 'payment.succeeded');
    await relayUntil(() => receiver.for(deliveredId).length === 1);
    await eventually(async () => ((await deliveryOf(deliveredId)).status === 'delivered' ? true : undefined));
    await stack.sql.query(
      `UPDATE webhook_events SET created_at = now() - interval '31 days' WHERE id IN ($1, $2)`,
      [deadId, deliveredId],
    );
    await stack.sql.query(
      `INSERT INTO psp_webhook_events (event_id, type, outcome, payload, received_at)
       VALUES ('evt_old', 'payment.succeeded', 'applied', '{}', now() - interval '73 hours'),
              ('evt_recent', 'payment.succeeded', 'applied', '{}', now() - interval '71 hours')`,
    );

    const purged = await stack.app.get(WebhooksPurgeJob).purge();

    expect(purged).toEqual({ inbound: 1, outbox: 1 });
    const left = await stack.sql.query('SELECT event_id FROM psp_webhook_events WHERE event_id LIKE $1', [
      'evt_%',
    ]);
    expect(left.rows.map((r: { event_id: string }) => r.event_id)).toContain('evt_recent');
    expect(left.rows.map((r: { event_id: string }) => r.event_id)).not.toContain('evt_old');
    expect(await stack.count('SELECT count(*) AS n FROM webhook_events WHERE id = $1', [deliveredId])).toBe(
      0,
    );
    expect(await deliveryOf(deadId)).toMatchObject({ status: 'dead' });
  });

  it('drains a backlog of several batches in one relay run, not one batch per tick', async () => {
    const { token } = await aMerchant();
    const events: string[] = [];
    for (let i = 0; i < 25; i += 1) events.push(await eventIdFor((await pay(token)).id, 'payment.succeeded'));

    const attempted = await stack.app.get(WebhookRelay).drain();

    expect(attempted).toBeGreaterThanOrEqual(25);
    for (const eventId of events) expect(receiver.for(eventId)).toHaveLength(1);
  });

  it('delivers with the interval relay running on an instance, no test driving it', async () => {
    const { app } = await startServiceInstance(stack, { ...RETRY_ENV, WEBHOOK_RELAY_INTERVAL_MS: '50' });
    extraInstances.push(app);
    const { token } = await aMerchant();
    const payment = await pay(token);
    const eventId = await eventIdFor(payment.id, 'payment.succeeded');

    await eventually(async () => (receiver.for(eventId).length === 1 ? true : undefined));

    expect(
      await eventually(async () => ((await deliveryOf(eventId)).status === 'delivered' ? true : undefined)),
    ).toBe(true);
  });
});
