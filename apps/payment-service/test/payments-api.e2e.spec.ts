import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';

import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { PaymentStack } from './support/payment-stack.js';

// Long enough that an outage test reads inside it, short enough to wait out.
const READ_YOUR_WRITES_WINDOW_MS = 3_000;

describe('payments and refunds API (e2e)', () => {
  let stack: PaymentStack;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    stack = await PaymentStack.start({ READ_YOUR_WRITES_WINDOW_MS: String(READ_YOUR_WRITES_WINDOW_MS) });
    alice = (await stack.auth.signUp()).accessToken;
    bob = (await stack.auth.signUp()).accessToken;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const pay = async (token: string, amount = 1_000) => {
    const res = await stack.request('POST', '/payments', { token, key: aKey(), body: aPaymentRequest({ amount }) });
    expect(res.status).toBe(201);
    return res.json as { id: string; status: string; amount: number };
  };
  const refund = (token: string, paymentId: string, body: unknown = {}, key = aKey()) =>
    stack.request('POST', `/payments/${paymentId}/refunds`, { token, key, body });

  describe('payments', () => {
    it('creates a payment with the documented shape', async () => {
      const res = await stack.request('POST', '/payments', {
        token: alice,
        key: aKey(),
        body: aPaymentRequest({ amount: 1_234, description: 'tea', metadata: { order: '42' } }),
      });
      expect(res.status).toBe(201);
      expect(res.json).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        object: 'payment',
        amount: 1_234,
        amount_refunded: 0,
        currency: 'eur',
        status: 'succeeded',
        description: 'tea',
        metadata: { order: '42' },
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('reads a payment right after creating it (read-your-writes)', async () => {
      const created = await pay(alice);
      const res = await stack.request('GET', `/payments/${created.id}`, { token: alice });
      expect(res.status).toBe(200);
      expect(res.json.id).toBe(created.id);
    });

    it("sends a read's three Redis lookups together: the marker leaves with the token lookup, before it is answered", async () => {
      const { id } = await pay(alice);
      const sub = (JSON.parse(Buffer.from(alice.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
      const client = new Redis(stack.redis.url);
      const commands: string[][] = [];
      try {
        // monitor() opens a connection of its own: both are closed below, or Jest never exits.
        const monitor = await client.monitor();
        monitor.on('monitor', (_time: string, args: string[]) => commands.push(args));
        try {
          expect((await stack.request('GET', `/payments/${id}`, { token: alice })).status).toBe(200);
          await new Promise((resolve) => setTimeout(resolve, 200));
        } finally {
          monitor.disconnect();
        }
      } finally {
        client.disconnect();
      }
      const names = commands.map(([command, key]) => `${command.toLowerCase()} ${key?.split(':')[0] ?? ''}`);
      const marker = names.indexOf('exists payments');
      const token = names.indexOf('get tokens');
      // The guard starts the marker lookup first, in the same tick: one write to Redis, not three.
      expect(marker).toBeGreaterThanOrEqual(0);
      expect(token).toBe(marker + 1);
      expect(commands[marker][1]).toBe(`payments:recent-write:${sub}`);
      expect(names.filter((n) => n === 'exists payments')).toHaveLength(1);
    });

    it('answers 404 for another user’s payment, exactly as for a missing one', async () => {
      const created = await pay(alice);
      const theirs = await stack.request('GET', `/payments/${created.id}`, { token: bob });
      const missing = await stack.request('GET', `/payments/${randomUUID()}`, { token: bob });
      expect(theirs.status).toBe(404);
      expect(theirs.json.type).toBe('urn:problem-type:payment-not-found');
      expect(missing.json.type).toBe(theirs.json.type);
    });

    it('lists own payments newest first with a starting_after cursor and has_more', async () => {
      const carol = (await stack.auth.signUp()).accessToken;
      const ids = [];
      for (let i = 0; i < 3; i += 1) ids.push((await pay(carol, 100 + i)).id);
      await pay(bob);

      const first = await stack.request('GET', '/payments?limit=2', { token: carol });
      expect(first.status).toBe(200);
      expect(first.json.data.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
      expect(first.json.has_more).toBe(true);

      const second = await stack.request('GET', `/payments?limit=2&starting_after=${ids[1]}`, { token: carol });
      expect(second.json.data.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
      expect(second.json.has_more).toBe(false);
    });
  });

  describe('refunds', () => {
    it('refunds partially, repeatedly, then the rest, and never above the captured amount', async () => {
      const payment = await pay(alice, 1_000);
      const partial = await refund(alice, payment.id, { amount: 300 });
      expect(partial.status).toBe(201);
      expect(partial.json).toMatchObject({ object: 'refund', payment_id: payment.id, amount: 300, status: 'succeeded' });

      const afterPartial = await stack.request('GET', `/payments/${payment.id}`, { token: alice });
      expect(afterPartial.json).toMatchObject({ status: 'partially_refunded', amount_refunded: 300 });

      expect((await refund(alice, payment.id, { amount: 200 })).status).toBe(201);
      const rest = await refund(alice, payment.id);
      expect(rest.json.amount).toBe(500);

      const over = await refund(alice, payment.id, { amount: 1 });
      expect(over.status).toBe(409);
      expect(over.json.type).toBe('urn:problem-type:refund-exceeds-captured');

      const final = await stack.request('GET', `/payments/${payment.id}`, { token: alice });
      expect(final.json).toMatchObject({ status: 'refunded', amount_refunded: 1_000 });
      const fetched = await stack.request('GET', `/refunds/${partial.json.id}`, { token: alice });
      expect(fetched.json).toEqual(partial.json);
    });

    it('replays a refund for the same key and refuses the key for another payment', async () => {
      const payment = await pay(alice, 1_000);
      const other = await pay(alice, 1_000);
      const key = aKey();
      const first = await refund(alice, payment.id, { amount: 100 }, key);
      const again = await refund(alice, payment.id, { amount: 100 }, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect((await refund(alice, other.id, { amount: 100 }, key)).status).toBe(422);
      // A refused refund is a stored answer too: the same problem, byte for byte, with its type.
      const tooMuchKey = aKey();
      const tooMuch = await refund(alice, payment.id, { amount: 5_000 }, tooMuchKey);
      const tooMuchAgain = await refund(alice, payment.id, { amount: 5_000 }, tooMuchKey);
      expect(tooMuch.status).toBe(409);
      expect(tooMuchAgain.headers['idempotent-replayed']).toBe('true');
      expect(tooMuchAgain.text).toBe(tooMuch.text);
      expect(tooMuchAgain.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      const stats = await stack.simulator.stats();
      expect(stats.charges_by_idempotency_key[payment.id]).toBe(1);
    });

    it('lets concurrent partial refunds that together exceed the amount succeed only up to it', async () => {
      const payment = await pay(alice, 1_000);
      const before = (await stack.simulator.stats()).refunds_created;
      const answers = await Promise.all(Array.from({ length: 8 }, () => refund(alice, payment.id, { amount: 300 })));

      expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
      const sum = await stack.count(`SELECT coalesce(sum(amount), 0) AS n FROM refunds WHERE payment_id = $1 AND status = 'succeeded'`, [
        payment.id,
      ]);
      expect(sum).toBe(900);
      expect((await stack.simulator.stats()).refunds_created - before).toBe(3);
      const read = await stack.request('GET', `/payments/${payment.id}`, { token: alice });
      expect(read.json).toMatchObject({ status: 'partially_refunded', amount_refunded: 900 });
    });

    it('refuses to refund a failed payment or another user’s payment', async () => {
      const declined = await stack.request('POST', '/payments', {
        token: alice,
        key: aKey(),
        body: aPaymentRequest({ payment_method: 'pm_card_declined' }),
      });
      const notRefundable = await refund(alice, declined.json.id);
      expect(notRefundable.status).toBe(409);
      expect(notRefundable.json.type).toBe('urn:problem-type:payment-not-refundable');

      const payment = await pay(alice);
      expect((await refund(bob, payment.id)).status).toBe(404);
      const bobsRefund = await refund(alice, payment.id, { amount: 1 });
      expect((await stack.request('GET', `/refunds/${bobsRefund.json.id}`, { token: bob })).status).toBe(404);
    });
  });

  describe('reads and replicas', () => {
    it('serves a fresh payment after a refund even while the replica stops replaying', async () => {
      const payment = await pay(alice, 1_000);
      await stack.pg.waitForReplica();
      await replica(stack, 'SELECT pg_wal_replay_pause()');
      try {
        expect((await refund(alice, payment.id, { amount: 250 })).status).toBe(201);
        const fresh = await stack.request('GET', `/payments/${payment.id}`, { token: alice });
        expect(fresh.json.amount_refunded).toBe(250);
      } finally {
        await replica(stack, 'SELECT pg_wal_replay_resume()');
      }
    });

    it('keeps answering reads with the replica stopped', async () => {
      const payment = await pay(alice);
      await stack.pg.waitForReplica();
      await new Promise((resolve) => setTimeout(resolve, READ_YOUR_WRITES_WINDOW_MS + 100));
      await stack.pg.replica?.stop('immediate');
      try {
        const one = await stack.request('GET', `/payments/${payment.id}`, { token: alice });
        const list = await stack.request('GET', '/payments?limit=5', { token: alice });
        expect(one.status).toBe(200);
        expect(list.status).toBe(200);
        expect(list.json.data.length).toBeGreaterThan(0);
        const health = await stack.request('GET', '/payments/health');
        expect(health.status).toBe(200);
        expect(health.json.status).toBe('degraded');
      } finally {
        await stack.pg.replica?.start();
      }
    });
  });

  describe('health', () => {
    it('serves /health also under /payments/health, as nginx forwards it', async () => {
      for (const path of ['', '/live', '/ready']) {
        const direct = await stack.request('GET', `/health${path}`);
        const aliased = await stack.request('GET', `/payments/health${path}`);
        expect(aliased.status).toBe(direct.status);
        expect(aliased.status).toBe(200);
        expect(Object.keys(aliased.json).sort()).toEqual(Object.keys(direct.json).sort());
      }
    });
  });

  describe('OpenAPI', () => {
    it('documents every route, the Idempotency-Key header and bearer auth', async () => {
      const res = await stack.request('GET', '/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/payments',
        '/payments/{id}',
        '/payments/{id}/refunds',
        '/refunds/{id}',
        '/webhook-endpoints',
        '/webhook-endpoints/{id}',
        '/webhooks/psp',
      ]);
      expect(doc.paths['/payments'].post.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
      );
    });
  });

  describe('bad input', () => {
    const valid = aPaymentRequest();
    const cases: { name: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; status: number }[] = [
      { name: 'a fractional amount', body: { ...valid, amount: 10.5 }, status: 422 },
      { name: 'a zero amount', body: { ...valid, amount: 0 }, status: 422 },
      { name: 'a negative amount', body: { ...valid, amount: -1 }, status: 422 },
      { name: 'an amount above 99 999 999', body: { ...valid, amount: 100_000_000 }, status: 422 },
      { name: 'an amount as a string', body: { ...valid, amount: '1000' }, status: 422 },
      { name: 'an unsupported currency', body: { ...valid, currency: 'xyz' }, status: 422 },
      { name: 'an upper-case currency', body: { ...valid, currency: 'EUR' }, status: 422 },
      { name: 'an unknown field', body: { ...valid, captured: true }, status: 422 },
      { name: 'a payment method of the wrong type', body: { ...valid, payment_method: 42 }, status: 422 },
      { name: 'a missing payment method', body: { amount: 100, currency: 'eur' }, status: 422 },
      { name: 'nested metadata', body: { ...valid, metadata: { a: { b: 'c' } } }, status: 422 },
      { name: 'too much metadata', body: { ...valid, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, status: 422 },
      { name: 'a JSON array body', body: [valid], status: 422 },
      { name: 'malformed JSON', rawBody: '{"amount": 100,', status: 400 },
      { name: 'an oversized body', body: { ...valid, description: 'x'.repeat(70_000) }, status: 413 },
      { name: 'an XML body', rawBody: '<amount>100</amount>', headers: { 'content-type': 'application/xml' }, status: 415 },
      { name: 'a form-encoded body', rawBody: 'amount=100', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 422 },
      { name: 'a plain-text body', rawBody: 'amount=100', headers: { 'content-type': 'text/plain' }, status: 422 },
    ];

    it.each(cases)('answers $status problem+json to $name and changes nothing', async ({ body, rawBody, headers, status }) => {
      const before = await snapshot(stack);
      const res = await stack.request('POST', '/payments', { token: alice, key: aKey(), body, rawBody, headers });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await snapshot(stack)).toEqual(before);
    });

    const reads: { name: string; url: string; status: number }[] = [
      { name: 'a payment id that is not a UUID', url: '/payments/not-a-uuid', status: 404 },
      { name: 'a refund id that is not a UUID', url: '/refunds/1%20OR%201=1', status: 404 },
      { name: 'a limit of 0', url: '/payments?limit=0', status: 422 },
      { name: 'a limit above 100', url: '/payments?limit=101', status: 422 },
      { name: 'a non-numeric limit', url: '/payments?limit=ten', status: 422 },
      { name: 'a cursor that is not a UUID', url: '/payments?starting_after=abc', status: 422 },
      { name: 'an unknown query parameter', url: '/payments?status=succeeded', status: 422 },
    ];

    it.each(reads)('answers $status problem+json to $name', async ({ url, status }) => {
      const res = await stack.request('GET', url, { token: alice });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers 404 to a refund of a non-UUID payment id and 422 to a zero refund', async () => {
      expect((await refund(alice, 'nope')).status).toBe(404);
      const payment = await pay(alice);
      const zero = await refund(alice, payment.id, { amount: 0 });
      expect(zero.status).toBe(422);
      expect(zero.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    // Auth mints no token shorter-lived than 60 s: expiry is covered by tokens-jwks and auth's own e2e.
    // A logged-out token is the well-formed, correctly signed one that auth now refuses.
    it('answers 401 problem+json to missing, garbage, revoked and forged tokens, before anything else', async () => {
      const revoked = (await stack.auth.signUp()).accessToken;
      await stack.auth.logout(revoked);
      const forged = `${alice.split('.').slice(0, 2).join('.')}.${Buffer.from('forged').toString('base64url')}`;
      const before = await snapshot(stack);
      for (const token of [undefined, 'garbage', revoked, forged]) {
        const create = await stack.request('POST', '/payments', { token, key: aKey(), body: valid });
        const read = await stack.request('GET', '/payments', { token });
        expect([create.status, read.status]).toEqual([401, 401]);
        expect(create.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await snapshot(stack)).toEqual(before);
    });
  });

  // Last: it stops the primary.
  describe('primary outage', () => {
    it('answers writes 503 + Retry-After problem+json and keeps serving reads from the replica', async () => {
      const older = await pay(bob);
      await new Promise((resolve) => setTimeout(resolve, READ_YOUR_WRITES_WINDOW_MS + 100));
      // Alice has just written: her reads are pinned to the primary for the window.
      const fresh = await pay(alice);
      await stack.pg.waitForReplica();
      await stack.pg.primary.stop('immediate');
      try {
        const pinned = await stack.request('GET', `/payments/${fresh.id}`, { token: alice });
        expect(pinned.status).toBe(200);
        expect(pinned.json.id).toBe(fresh.id);
        const list = await stack.request('GET', '/payments?limit=5', { token: alice });
        expect(list.status).toBe(200);
        expect(list.json.data.map((p: { id: string }) => p.id)).toContain(fresh.id);
        // The replica not having a row proves nothing while the primary is away: 503, never 404.
        const unknown = await stack.request('GET', `/payments/${randomUUID()}`, { token: alice });
        expect(unknown.status).toBe(503);
        expect(unknown.headers['retry-after']).toBe('2');

        const unpinned = await stack.request('GET', `/payments/${older.id}`, { token: bob });
        expect(unpinned.status).toBe(200);

        const write = await stack.request('POST', '/payments', { token: alice, key: aKey(), body: aPaymentRequest() });
        expect(write.status).toBe(503);
        expect(write.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(write.headers['retry-after']).toBe('2');
        expect((await stack.request('GET', '/payments/health/ready')).status).toBe(503);

        const metrics = await stack.request('GET', '/metrics');
        expect(metrics.body).toMatch(/payment_pinned_read_fallback_total\{[^}]*result="served"[^}]*\} [1-9]/);
        expect(metrics.body).toMatch(/payment_pinned_read_fallback_total\{[^}]*result="unavailable"[^}]*\} [1-9]/);
      } finally {
        await stack.pg.primary.start();
      }
    });
  });
});

async function snapshot(stack: PaymentStack): Promise<number[]> {
  return [
    await stack.count('SELECT count(*) AS n FROM payments'),
    await stack.count('SELECT count(*) AS n FROM refunds'),
    await stack.count('SELECT count(*) AS n FROM idempotency_keys'),
    (await stack.simulator.stats()).requests.charges,
  ];
}

async function replica(stack: PaymentStack, sqlText: string): Promise<void> {
  const { default: pg } = await import('pg');
  const replicaNode = stack.pg.replica;
  if (!replicaNode) throw new Error('the harness started no replica');
  const client = new pg.Client({ connectionString: replicaNode.url('payments') });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}
