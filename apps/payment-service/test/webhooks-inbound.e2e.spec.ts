import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { PaymentStack } from './support/payment-stack.js';
import {
  aProcessingPayment,
  eventually,
  metricValue,
  PSP_WEBHOOK_SECRET,
  pspSignature,
  signedPspEvent,
  startServiceInstance,
  WEBHOOKS_ENV,
} from './support/webhooks-stack.js';

const paymentSucceeded = (paymentId: string, id = `evt_${randomUUID()}`) => ({
  id,
  type: 'payment.succeeded',
  created: Math.floor(Date.now() / 1000),
  data: {
    id: `ch_${randomUUID()}`,
    object: 'charge',
    reference: paymentId,
    status: 'succeeded',
    failure_code: null,
  },
});
const paymentFailed = (paymentId: string) => ({
  id: `evt_${randomUUID()}`,
  type: 'payment.failed',
  created: Math.floor(Date.now() / 1000),
  data: {
    id: `ch_${randomUUID()}`,
    object: 'charge',
    reference: paymentId,
    status: 'failed',
    failure_code: 'card_declined',
  },
});

describe('inbound provider webhooks POST /webhooks/psp (e2e)', () => {
  let stack: PaymentStack;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    stack = await PaymentStack.start(WEBHOOKS_ENV);
    second = await stack.startInstance();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const deliver = (
    event: object,
    opts: { via?: NestFastifyApplication; timestamp?: number; secret?: string } = {},
  ) => {
    const { body, signature } = signedPspEvent(event, opts);
    return stack.request('POST', '/webhooks/psp', {
      rawBody: body,
      headers: { 'psp-signature': signature },
      via: opts.via,
    });
  };
  const statusOf = async (paymentId: string) =>
    (await stack.sql.query<{ status: string }>('SELECT status FROM payments WHERE id = $1', [paymentId]))
      .rows[0].status;
  const outboxEvents = (paymentId: string) =>
    stack.count('SELECT count(*) AS n FROM webhook_events WHERE resource_id = $1', [paymentId]);

  it('takes 50 concurrent deliveries of one event on two instances exactly once', async () => {
    const paymentId = await aProcessingPayment(stack, randomUUID());
    const event = paymentSucceeded(paymentId);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => deliver(event, { via: i % 2 === 0 ? stack.app : second })),
    );

    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(answers.filter((a) => a.json.result === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.json.result === 'duplicate')).toHaveLength(49);
    expect(await statusOf(paymentId)).toBe('succeeded');
    expect(await outboxEvents(paymentId)).toBe(1);
    expect(
      await stack.count('SELECT count(*) AS n FROM psp_webhook_events WHERE event_id = $1', [event.id]),
    ).toBe(1);
  });

  it('keeps a payment succeeded when a late payment.failed arrives, and records that event as ignored', async () => {
    const paymentId = await aProcessingPayment(stack, randomUUID());
    const late = paymentFailed(paymentId);

    expect((await deliver(paymentSucceeded(paymentId))).json.result).toBe('applied');
    const answer = await deliver(late);

    expect(answer.status).toBe(200);
    expect(answer.json.result).toBe('ignored');
    expect(await statusOf(paymentId)).toBe('succeeded');
    expect(await outboxEvents(paymentId)).toBe(1);
    const { rows } = await stack.sql.query(
      'SELECT outcome, reason FROM psp_webhook_events WHERE event_id = $1',
      [late.id],
    );
    expect(rows).toEqual([{ outcome: 'ignored', reason: 'payment-already-succeeded' }]);
  });

  it('takes 30 concurrent copies of an event for a settled payment once, as ignored, on two instances', async () => {
    const paymentId = await aProcessingPayment(stack, randomUUID());
    expect((await deliver(paymentSucceeded(paymentId))).json.result).toBe('applied');
    const again = paymentSucceeded(paymentId);

    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => deliver(again, { via: i % 2 === 0 ? stack.app : second })),
    );

    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(answers.filter((a) => a.json.result === 'ignored')).toHaveLength(1);
    expect(answers.filter((a) => a.json.result === 'duplicate')).toHaveLength(29);
    const { rows } = await stack.sql.query('SELECT outcome, reason FROM psp_webhook_events WHERE event_id = $1', [
      again.id,
    ]);
    expect(rows).toEqual([{ outcome: 'ignored', reason: 'payment-already-succeeded' }]);
    expect(await outboxEvents(paymentId)).toBe(1);
  });

  it('settles a processing payment as failed from payment.failed, with one outbox event', async () => {
    const paymentId = await aProcessingPayment(stack, randomUUID());

    expect((await deliver(paymentFailed(paymentId))).json.result).toBe('applied');

    const { rows } = await stack.sql.query('SELECT status, failure_code FROM payments WHERE id = $1', [
      paymentId,
    ]);
    expect(rows).toEqual([{ status: 'failed', failure_code: 'card_declined' }]);
    const events = await stack.sql.query('SELECT type FROM webhook_events WHERE resource_id = $1', [
      paymentId,
    ]);
    expect(events.rows).toEqual([{ type: 'payment.failed' }]);
  });

  describe('bad input: refused, nothing changed, counted', () => {
    const now = () => Math.floor(Date.now() / 1000);
    it.each([
      ['unsigned', 'unsigned', (_body: string): string | undefined => undefined],
      [
        'signed with another secret',
        'bad_signature',
        (body: string) => pspSignature(body, { secret: 'not-the-psp-webhook-secret' }),
      ],
      ['with a signature over other bytes', 'bad_signature', (body: string) => pspSignature(`${body} `)],
      [
        'signed 10 minutes ago',
        'stale_timestamp',
        (body: string) => pspSignature(body, { timestamp: now() - 600 }),
      ],
      [
        'signed 10 minutes in the future',
        'future_timestamp',
        (body: string) => pspSignature(body, { timestamp: now() + 600 }),
      ],
    ])('refuses an event %s with 400', async (_name, result, sign) => {
      const paymentId = await aProcessingPayment(stack, randomUUID());
      const event = paymentSucceeded(paymentId);
      const before = await metricValue(stack.app, 'webhook_inbound_total', `result="${result}"`);
      const body = JSON.stringify(event);
      const signature = sign(body);

      const answer = await stack.request('POST', '/webhooks/psp', {
        rawBody: body,
        headers: signature === undefined ? {} : { 'psp-signature': signature },
      });

      expect(answer.status).toBe(400);
      expect(answer.json.type).toBe('urn:problem-type:invalid-webhook');
      expect(await statusOf(paymentId)).toBe('processing');
      expect(
        await stack.count('SELECT count(*) AS n FROM psp_webhook_events WHERE event_id = $1', [event.id]),
      ).toBe(0);
      expect(await metricValue(stack.app, 'webhook_inbound_total', `result="${result}"`)).toBe(before + 1);
    });

    it('refuses a correctly signed body that is not JSON, or is truncated, with 400', async () => {
      const before = await metricValue(stack.app, 'webhook_inbound_total', 'result="malformed"');
      for (const rawBody of ['not json at all', '{"id":"evt_1","type":"payment.succ']) {
        const answer = await stack.request('POST', '/webhooks/psp', {
          rawBody,
          headers: { 'psp-signature': pspSignature(rawBody) },
        });
        expect(answer.status).toBe(400);
      }
      expect(await metricValue(stack.app, 'webhook_inbound_total', 'result="malformed"')).toBe(before + 2);
    });

    it('checks the signature before parsing: a forged non-JSON body is a bad signature, whatever its content type', async () => {
      const before = await metricValue(stack.app, 'webhook_inbound_total', 'result="bad_signature"');
      const forged = await stack.request('POST', '/webhooks/psp', {
        rawBody: '{not json',
        headers: { 'psp-signature': pspSignature('{"other":"bytes"}'), 'content-type': 'text/plain' },
      });

      expect(forged.status).toBe(400);
      expect(forged.json.detail).toMatch(/does not match/);
      expect(await metricValue(stack.app, 'webhook_inbound_total', 'result="bad_signature"')).toBe(
        before + 1,
      );
    });

    it('refuses a body over the limit with 413', async () => {
      const before = await metricValue(stack.app, 'webhook_inbound_total', 'result="oversized"');
      const event = { ...paymentSucceeded(randomUUID()), padding: 'x'.repeat(70_000) };

      const answer = await deliver(event);

      expect(answer.status).toBe(413);
      expect(await metricValue(stack.app, 'webhook_inbound_total', 'result="oversized"')).toBe(before + 1);
    });

    it('takes a signed known event without the provider object id once, as ignored, on both instances', async () => {
      const event = { id: `evt_${randomUUID()}`, type: 'payment.succeeded', created: 1, data: {} };

      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => deliver(event, { via: i % 2 === 0 ? stack.app : second })),
      );

      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.json.result === 'ignored')).toHaveLength(1);
      const { rows } = await stack.sql.query(
        'SELECT outcome, reason FROM psp_webhook_events WHERE event_id = $1',
        [event.id],
      );
      expect(rows).toEqual([{ outcome: 'ignored', reason: 'no-charge-id' }]);
    });

    it('answers 200 to a signed event of a type it does not handle, and stores nothing', async () => {
      const event = {
        id: `evt_${randomUUID()}`,
        type: 'charge.dispute.created',
        created: 1,
        data: { id: 'dp_1' },
      };

      const answer = await deliver(event);

      expect(answer.status).toBe(200);
      expect(answer.json.result).toBe('unknown_type');
      expect(
        await stack.count('SELECT count(*) AS n FROM psp_webhook_events WHERE event_id = $1', [event.id]),
      ).toBe(0);
    });
  });

  describe('from the real simulator', () => {
    let listening: { app: NestFastifyApplication; url?: string };

    beforeAll(async () => {
      listening = await startServiceInstance(stack, {}, { listen: true });
      const res = await fetch(`${stack.simulator.url}/admin/webhook-endpoint`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${listening.url}/webhooks/psp`, secret: PSP_WEBHOOK_SECRET }),
      });
      expect(res.status).toBe(204);
    });

    afterAll(async () => {
      await stack.simulator.reset();
      await listening?.app.close();
    });

    const simulatorEvents = async () => {
      const res = await fetch(`${stack.simulator.url}/admin/webhooks`);
      return (
        (await res.json()) as {
          data: {
            event: { id: string; type: string; data: { reference?: string } };
            delivered: boolean;
            attempts: { status?: number }[];
          }[];
        }
      ).data;
    };

    it('takes each of its duplicated deliveries once; every copy answers 200', async () => {
      await stack.simulator.setFaults({ webhook_duplicates: 3 });
      const token = (await stack.auth.signUp()).accessToken;
      const created = await stack.request('POST', '/payments', {
        token,
        key: aKey(),
        body: aPaymentRequest(),
      });
      expect(created.status).toBe(201);
      const paymentId = created.json.id as string;

      const record = await eventually(async () => {
        const found = (await simulatorEvents()).find((r) => r.event.data.reference === paymentId);
        return found && found.attempts.length === 4 ? found : undefined;
      });

      expect(record.attempts.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(
        await stack.count('SELECT count(*) AS n FROM psp_webhook_events WHERE event_id = $1', [
          record.event.id,
        ]),
      ).toBe(1);
      // The synchronous answer settled it first: the webhook is taken and changes nothing.
      expect(await outboxEvents(paymentId)).toBe(1);
      expect(await statusOf(paymentId)).toBe('succeeded');
    });

    it('ends in the right state when events arrive out of order (refund before the payment it refunds)', async () => {
      await stack.simulator.setFaults({ webhook_duplicates: 0, webhook_hold: true });
      const token = (await stack.auth.signUp()).accessToken;
      const created = await stack.request('POST', '/payments', {
        token,
        key: aKey(),
        body: aPaymentRequest({ amount: 1_000 }),
      });
      const paymentId = created.json.id as string;
      const refund = await stack.request('POST', `/payments/${paymentId}/refunds`, {
        token,
        key: aKey(),
        body: { amount: 400 },
      });
      expect(refund.status).toBe(201);

      const flushed = await fetch(`${stack.simulator.url}/admin/webhooks/flush`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order: 'reverse' }),
      });
      expect(((await flushed.json()) as { flushed: number }).flushed).toBe(2);
      await eventually(async () => {
        const records = await simulatorEvents();
        const ours = records.filter(
          (r) => r.event.data.reference === paymentId || r.event.type === 'refund.succeeded',
        );
        return ours.length >= 2 && ours.every((r) => r.delivered) ? true : undefined;
      });

      const { rows } = await stack.sql.query('SELECT status, amount_refunded FROM payments WHERE id = $1', [
        paymentId,
      ]);
      expect(rows).toEqual([{ status: 'partially_refunded', amount_refunded: 400 }]);
      const types = await stack.sql.query(
        'SELECT type FROM webhook_events WHERE resource_id IN ($1, $2) ORDER BY created_at',
        [paymentId, refund.json.id],
      );
      expect(types.rows.map((r: { type: string }) => r.type)).toEqual([
        'payment.succeeded',
        'payment.partially_refunded',
        'refund.succeeded',
      ]);
    });
  });
});
