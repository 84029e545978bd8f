import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

import { createSimulatorApp } from '../src/simulator.app.js';
import { WebhookDispatcher } from '../src/webhooks/webhook.dispatcher.js';

interface Received {
  signature: string;
  rawBody: string;
  event: { id: string; type: string; data: { idempotency_key?: string } };
}

const SECRET = 'whsec_test';

// A real HTTP receiver that fails on demand, so retries are observed on the wire.
function startReceiver(): Promise<{
  server: Server;
  url: string;
  received: Received[];
  failNext: { count: number };
}> {
  const received: Received[] = [];
  const failNext = { count: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failNext.count > 0) {
        failNext.count -= 1;
        res.writeHead(500).end();
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({
        signature: String(req.headers['psp-signature']),
        rawBody,
        event: JSON.parse(rawBody) as Received['event'],
      });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/psp`,
        received,
        failNext,
      }),
    ),
  );
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(WebhookDispatcher.name, () => {
  let sut: NestFastifyApplication;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    sut = await createSimulatorApp(
      {
        slowCardDelayMs: 0,
        webhook: { url: receiver.url, secret: SECRET, maxAttempts: 3, retryBaseMs: 20, timeoutMs: 1_000 },
      },
      { bodyLimitBytes: 65_536, logLevels: false },
    );
    await sut.init();
    await sut.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await sut.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  beforeEach(async () => {
    await sut.inject({ method: 'POST', url: '/admin/reset' });
    receiver.received.length = 0;
    receiver.failNext.count = 0;
  });

  function charge(key: string, paymentMethod = 'pm_card_ok') {
    return sut.inject({
      method: 'POST',
      url: '/charges',
      headers: { 'idempotency-key': key },
      payload: { amount: 500, currency: 'usd', payment_method: paymentMethod },
    });
  }

  it('signs each event with HMAC-SHA256 over "{t}.{raw body}"', async () => {
    await charge('k1');
    await until(() => receiver.received.length === 1);

    const [{ signature, rawBody, event }] = receiver.received;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${rawBody}`).digest('hex'));
    expect(event).toMatchObject({ type: 'payment.succeeded', data: { idempotency_key: 'k1' } });
  });

  it('sends payment.failed for a decline', async () => {
    await charge('k1', 'pm_card_declined');
    await until(() => receiver.received.length === 1);

    expect(receiver.received[0].event.type).toBe('payment.failed');
  });

  it('retries a delivery the receiver refused', async () => {
    receiver.failNext.count = 2;

    await charge('k1');
    // The receiver sees the body before the simulator has read the answer: wait for the record.
    let events: { data: { delivered: boolean; attempts: { status?: number }[] }[] } = { data: [] };
    await until(async () => {
      events = (await sut.inject({ method: 'GET', url: '/admin/webhooks' })).json();
      return events.data[0]?.delivered === true;
    });

    expect(events.data[0].delivered).toBe(true);
    expect(events.data[0].attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('duplicates deliveries on request, with the same event id', async () => {
    await sut.inject({ method: 'PUT', url: '/admin/faults', payload: { webhook_duplicates: 2 } });

    await charge('k1');
    await until(() => receiver.received.length === 3);

    expect(new Set(receiver.received.map((r) => r.event.id)).size).toBe(1);
  });

  it('holds deliveries and releases them out of order on flush', async () => {
    await sut.inject({ method: 'PUT', url: '/admin/faults', payload: { webhook_hold: true } });
    await charge('k1');
    await charge('k2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(0);

    const flush = await sut.inject({
      method: 'POST',
      url: '/admin/webhooks/flush',
      payload: { order: 'reverse' },
    });
    await until(() => receiver.received.length === 2);

    expect(flush.json()).toEqual({ flushed: 2 });
    expect(receiver.received.map((r) => r.event.data.idempotency_key)).toEqual(['k2', 'k1']);
  });
});
