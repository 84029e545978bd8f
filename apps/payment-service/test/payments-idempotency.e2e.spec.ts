import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { IdempotencyPurgeJob } from '../src/idempotency/idempotency-purge.job.js';
import { requestFingerprint } from '../src/idempotency/request-fingerprint.js';
import { PaymentReconciler } from '../src/reconciler/payment-reconciler.js';
import { uuidV7 } from '../src/shared/uuid-v7.js';
import { aKey, aPaymentRequest } from './factories/payment-request.js';
import { PaymentStack } from './support/payment-stack.js';

const PSP_TIMEOUT_MS = 1_000;

describe('payment idempotency (e2e)', () => {
  let stack: PaymentStack;
  let alice: string;
  let bob: string;
  let aliceId: string;

  beforeAll(async () => {
    stack = await PaymentStack.start({
      PSP_TIMEOUT_MS: String(PSP_TIMEOUT_MS),
      RECONCILER_MIN_AGE_SECONDS: '1',
      IDEMPOTENCY_RECOVERY_SECONDS: '5',
    });
    ({ accessToken: alice, id: aliceId } = await stack.auth.signUp());
    bob = (await stack.auth.signUp()).accessToken;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const pay = (token: string, key: string | undefined, body: unknown = aPaymentRequest()) =>
    stack.request('POST', '/payments', { token, key, body });

  const chargesFor = async (paymentId: string) => (await stack.simulator.stats()).charges_by_idempotency_key[paymentId] ?? 0;

  it('answers 400 problem+json without an Idempotency-Key and records nothing', async () => {
    const before = await stack.count('SELECT count(*) AS n FROM payments');
    const res = await pay(alice, undefined);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json.type).toBe('urn:problem-type:idempotency-key-missing');
    expect(await stack.count('SELECT count(*) AS n FROM payments')).toBe(before);
  });

  it('accepts a 255-character key and refuses a 256-character one with 400', async () => {
    expect((await pay(alice, 'k'.repeat(255))).status).toBe(201);
    const res = await pay(alice, 'k'.repeat(256));
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:problem-type:idempotency-key-invalid');
  });

  it('replays the first answer for the same key and body, with Idempotent-Replayed, charging once', async () => {
    const key = aKey();
    const first = await pay(alice, key);
    expect(first.status).toBe(201);
    expect(first.json.status).toBe('succeeded');
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await pay(alice, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);

    // The IETF sf-string form names the same key.
    const quoted = await pay(alice, `"${key}"`);
    expect(quoted.headers['idempotent-replayed']).toBe('true');
    expect(quoted.json.id).toBe(first.json.id);
    expect(await chargesFor(first.json.id)).toBe(1);
  });

  it('replays the first answer byte for byte, with its content type, on another instance too', async () => {
    const second = await stack.startInstance();
    const answers = [aPaymentRequest(), aPaymentRequest({ payment_method: 'pm_card_declined' })];
    for (const body of answers) {
      const key = aKey();
      const first = await pay(alice, key, body);
      const again = await pay(alice, key, body);
      const elsewhere = await stack.request('POST', '/payments', { token: alice, key, body, via: second });

      expect(first.text).toMatch(/^\{"id":"[^"]+","object":"payment","amount":/);
      for (const replay of [again, elsewhere]) {
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.text).toBe(first.text);
        expect(replay.headers['content-type']).toBe(first.headers['content-type']);
      }
    }
  });

  it('answers what it stored: the settled row, a GET and the outbox event show the same payment', async () => {
    // The answer is built before the one statement that settles and completes the key (ADR 0006).
    for (const body of [aPaymentRequest(), aPaymentRequest({ payment_method: 'pm_card_declined' })]) {
      const created = await pay(alice, aKey(), body);
      expect(created.status).toBe(201);

      const fetched = await stack.request('GET', `/payments/${created.json.id}`, { token: alice });
      expect(fetched.json).toEqual(created.json);
      const { rows } = await stack.sql.query<{ body: string }>(
        'SELECT body FROM webhook_events WHERE resource_id = $1',
        [created.json.id],
      );
      expect(rows.map((r) => (JSON.parse(r.body) as { data: unknown }).data)).toEqual([created.json]);
      const key = await stack.sql.query<{ status: string; response_raw: string }>(
        'SELECT status, response_raw FROM idempotency_keys WHERE resource_id = $1',
        [created.json.id],
      );
      expect(key.rows).toEqual([{ status: 'completed', response_raw: created.text }]);
    }
  });

  it('treats a reordered body as the same request', async () => {
    const key = aKey();
    const first = await stack.request('POST', '/payments', {
      token: alice,
      key,
      rawBody: '{"amount":700,"currency":"eur","payment_method":"pm_card_ok"}',
    });
    const again = await stack.request('POST', '/payments', {
      token: alice,
      key,
      rawBody: '{ "payment_method": "pm_card_ok", "currency": "eur", "amount": 700 }',
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json.id).toBe(first.json.id);
  });

  it('replays a decline as the same 201 failed payment', async () => {
    const key = aKey();
    const first = await pay(alice, key, aPaymentRequest({ payment_method: 'pm_card_declined' }));
    expect(first.status).toBe(201);
    expect(first.json.status).toBe('failed');
    expect(first.json.failure_code).toEqual(expect.any(String));
    const again = await pay(alice, key, aPaymentRequest({ payment_method: 'pm_card_declined' }));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
  });

  it('answers 422 when the key is reused with a different body, and charges nothing more', async () => {
    const key = aKey();
    const first = await pay(alice, key);
    const before = (await stack.simulator.stats()).charges_created;
    const res = await pay(alice, key, aPaymentRequest({ amount: 1_001 }));
    expect(res.status).toBe(422);
    expect(res.json.type).toBe('urn:problem-type:idempotency-key-reused');
    expect((await stack.simulator.stats()).charges_created).toBe(before);
    expect(await stack.count('SELECT count(*) AS n FROM payments WHERE idempotency_key = $1', [key])).toBe(1);
    expect(first.status).toBe(201);
  });

  it('scopes keys per user: the same key from another user is a new payment', async () => {
    const key = aKey();
    const mine = await pay(alice, key);
    const theirs = await pay(bob, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json.id).not.toBe(mine.json.id);
  });

  it('turns 20 concurrent identical requests into exactly one payment row and one provider charge', async () => {
    const key = aKey();
    const before = (await stack.simulator.stats()).charges_created;
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(alice, key)));

    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.json.id)).size).toBe(1);
    for (const conflict of answers.filter((a) => a.status === 409)) {
      expect(conflict.headers['retry-after']).toBe('1');
      expect(conflict.json.type).toBe('urn:problem-type:idempotency-key-in-flight');
    }
    expect(await stack.count('SELECT count(*) AS n FROM payments WHERE idempotency_key = $1', [key])).toBe(1);
    expect((await stack.simulator.stats()).charges_created - before).toBe(1);
    expect(await chargesFor(created[0].json.id)).toBe(1);
  });

  it('holds across two service instances: concurrent retries spread over both make one payment and one charge', async () => {
    const second = await stack.startInstance();
    const key = aKey();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stack.request('POST', '/payments', { token: alice, key, body: aPaymentRequest(), via: i % 2 === 0 ? undefined : second }),
      ),
    );
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.json.id));
    expect(ids.size).toBe(1);
    expect(await stack.count('SELECT count(*) AS n FROM payments WHERE idempotency_key = $1', [key])).toBe(1);
    expect(await chargesFor([...ids][0])).toBe(1);

    const replay = await stack.request('POST', '/payments', { token: alice, key, body: aPaymentRequest(), via: second });
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 409 with Retry-After while the first request is in flight', async () => {
    const key = aKey();
    const slow = aPaymentRequest({ payment_method: 'pm_card_slow' });
    const first = pay(alice, key, slow);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await pay(alice, key, slow);
    expect(second.status).toBe(409);
    expect(second.headers['retry-after']).toBe('1');
    expect((await first).status).toBe(201);
  });

  it('leaves a payment processing when the outcome is unknown, and the reconciler settles it from the provider', async () => {
    const key = aKey();
    // pm_card_slow answers after 3 s; our provider timeout is 1 s: sent, outcome unknown.
    const res = await pay(alice, key, aPaymentRequest({ payment_method: 'pm_card_slow' }));
    expect(res.status).toBe(201);
    expect(res.json.status).toBe('processing');

    await waitFor(async () => (await chargesFor(res.json.id)) === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await stack.app.get(PaymentReconciler).reconcileBatch();

    const after = await stack.request('GET', `/payments/${res.json.id}`, { token: alice });
    expect(after.json.status).toBe('succeeded');
    expect(await chargesFor(res.json.id)).toBe(1);
    // Replays keep the first answer (Stripe v1); GET shows the settled state.
    expect((await pay(alice, key, aPaymentRequest({ payment_method: 'pm_card_slow' }))).json.status).toBe('processing');
  });

  it('takes over a crashed in-flight claim after the recovery timeout and charges once', async () => {
    const key = aKey();
    const body = aPaymentRequest({ amount: 4_242 });
    const paymentId = uuidV7();
    // A request that claimed the key, inserted its payment, reached the provider, then died.
    await stack.sql.query(
      `INSERT INTO payments (id, user_id, idempotency_key, amount, currency, status, payment_method, created_at, updated_at)
       VALUES ($1, $2, $3, 4242, 'eur', 'processing', 'pm_card_ok', now(), now())`,
      [paymentId, aliceId, key],
    );
    await stack.sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, resource_id)
       VALUES ($1, $2, $3, 'in_flight', $4, now(), $5)`,
      [aliceId, key, requestFingerprint('POST', '/payments', body), randomUUID(), paymentId],
    );
    await chargeAtSimulator(stack.simulator.url, paymentId);

    // Still fresh: the owner might be alive.
    expect((await pay(alice, key, body)).status).toBe(409);

    await stack.sql.query(`UPDATE idempotency_keys SET locked_at = now() - interval '1 minute' WHERE key = $1`, [key]);
    const res = await pay(alice, key, body);
    expect(res.status).toBe(201);
    expect(res.json.id).toBe(paymentId);
    expect(res.json.status).toBe('succeeded');
    expect(await chargesFor(paymentId)).toBe(1);
    expect(await stack.count('SELECT count(*) AS n FROM payments WHERE idempotency_key = $1', [key])).toBe(1);
  });

  it('settles an abandoned claim through the reconciler and replays that answer to a late retry', async () => {
    const key = aKey();
    const body = aPaymentRequest({ amount: 4_343 });
    const paymentId = uuidV7();
    await stack.sql.query(
      `INSERT INTO payments (id, user_id, idempotency_key, amount, currency, status, payment_method, created_at, updated_at)
       VALUES ($1, $2, $3, 4343, 'eur', 'processing', 'pm_card_ok', now() - interval '1 minute', now() - interval '1 minute')`,
      [paymentId, aliceId, key],
    );
    await stack.sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, resource_id)
       VALUES ($1, $2, $3, 'in_flight', $4, now() - interval '1 minute', $5)`,
      [aliceId, key, requestFingerprint('POST', '/payments', body), randomUUID(), paymentId],
    );

    // The crash happened before the provider was reached: it has no charge, so nothing was taken.
    await stack.app.get(PaymentReconciler).reconcileBatch();
    const late = await pay(alice, key, body);
    expect(late.status).toBe(201);
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.json).toMatchObject({ id: paymentId, status: 'failed', failure_code: 'provider_no_charge' });
    expect(await chargesFor(paymentId)).toBe(0);
  });

  it('lets two reconcilers run at once and settles each payment exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const id = uuidV7();
      const key = aKey();
      ids.push(id);
      await stack.sql.query(
        `INSERT INTO payments (id, user_id, idempotency_key, amount, currency, status, payment_method, created_at, updated_at)
         VALUES ($1, $2, $3, 4242, 'eur', 'processing', 'pm_card_ok', now() - interval '1 minute', now() - interval '1 minute')`,
        [id, aliceId, key],
      );
      await stack.sql.query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, resource_id, response_status, response_body)
         VALUES ($1, $2, 'f', 'completed', $3, now() - interval '1 minute', $4, 201, '{}')`,
        [aliceId, key, randomUUID(), id],
      );
      // Half of them reached the provider before the outcome was lost.
      if (i % 2 === 0) await chargeAtSimulator(stack.simulator.url, id);
    }

    const reconciler = stack.app.get(PaymentReconciler);
    const [a, b] = await Promise.all([reconciler.reconcileBatch(), reconciler.reconcileBatch()]);

    expect(a + b).toBe(6);
    const { rows } = await stack.sql.query<{ id: string; status: string }>('SELECT id, status FROM payments WHERE id = ANY($1)', [ids]);
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    expect(ids.map((id) => statusOf.get(id))).toEqual(['succeeded', 'failed', 'succeeded', 'failed', 'succeeded', 'failed']);
    for (const id of ids) expect(await chargesFor(id)).toBeLessThanOrEqual(1);
  });

  it('keeps every idempotency rule with Redis down (the database is the authority)', async () => {
    await stack.redis.stop();
    try {
      const key = aKey();
      const first = await pay(alice, key);
      expect(first.status).toBe(201);
      const again = await pay(alice, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json).toEqual(first.json);
      expect((await pay(alice, key, aPaymentRequest({ amount: 5 }))).status).toBe(422);
      const read = await stack.request('GET', `/payments/${first.json.id}`, { token: alice });
      expect(read.status).toBe(200);
      expect(await chargesFor(first.json.id)).toBe(1);
    } finally {
      await stack.redis.start();
    }
  });

  it('opens the breaker when the provider is down, fails fast with 503 + Retry-After, records nothing, and a retry succeeds later', async () => {
    await stack.simulator.setFaults({ outage: true });
    // Failures (provider 5xx: outcome unknown, payment left processing) until the breaker opens;
    // earlier successes in its rolling window mean this takes a few dozen at most.
    const tripping = [];
    do tripping.push(await pay(alice, aKey()));
    while (tripping.at(-1)?.status !== 503 && tripping.length < 60);
    expect(tripping.at(-1)?.status).toBe(503);
    expect(tripping.slice(0, -1).every((r) => r.status === 201 && r.json.status === 'processing')).toBe(true);

    const key = aKey();
    const fast = await pay(alice, key);
    expect(fast.status).toBe(503);
    expect(fast.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(fast.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await stack.count('SELECT count(*) AS n FROM idempotency_keys WHERE key = $1', [key])).toBe(0);
    expect(await stack.count('SELECT count(*) AS n FROM payments WHERE idempotency_key = $1', [key])).toBe(0);

    await stack.simulator.setFaults({ outage: false });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const retried = await pay(alice, key);
    expect(retried.status).toBe(201);
    expect(retried.json.status).toBe('succeeded');
    expect(await chargesFor(retried.json.id)).toBe(1);

    // Requests that were sent during the outage (5xx: outcome unknown) are settled, never charged.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await stack.app.get(PaymentReconciler).reconcileBatch();
    expect(await stack.count(`SELECT count(*) AS n FROM payments WHERE status = 'processing' AND user_id = $1 AND amount = 1000`, [aliceId])).toBe(0);
    const stats = await stack.simulator.stats();
    expect(Object.values(stats.charges_by_idempotency_key).every((n) => n === 1)).toBe(true);
  });

  it('purges completed records past the retention and keeps the rest', async () => {
    const oldKey = aKey();
    await stack.sql.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, response_status, response_body, created_at)
       VALUES ($1, $2, 'x', 'completed', $3, now(), 201, '{}', now() - interval '25 hours')`,
      [aliceId, oldKey, randomUUID()],
    );
    const recent = await stack.count('SELECT count(*) AS n FROM idempotency_keys');
    expect(await stack.app.get(IdempotencyPurgeJob).purge()).toBe(1);
    expect(await stack.count('SELECT count(*) AS n FROM idempotency_keys WHERE key = $1', [oldKey])).toBe(0);
    expect(await stack.count('SELECT count(*) AS n FROM idempotency_keys')).toBe(recent - 1);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a crashed attempt may have done before dying: charged under the payment id. */
async function chargeAtSimulator(simulatorUrl: string, paymentId: string): Promise<void> {
  const res = await fetch(`${simulatorUrl}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': paymentId },
    body: JSON.stringify({ amount: 4_242, currency: 'eur', payment_method: 'pm_card_ok', reference: paymentId }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`simulator charge answered ${res.status}`);
}
