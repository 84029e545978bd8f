import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

import { type Charge } from '../src/charges/charge.js';
import { createSimulatorApp } from '../src/simulator.app.js';
import { SimulatorModule } from '../src/simulator.module.js';

describe(SimulatorModule.name, () => {
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    sut = await createSimulatorApp(
      { slowCardDelayMs: 300, webhook: { maxAttempts: 1, retryBaseMs: 10, timeoutMs: 500 } },
      { bodyLimitBytes: 65_536, logLevels: false },
    );
    await sut.init();
    await sut.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await sut.close();
  });

  beforeEach(async () => {
    await sut.inject({ method: 'POST', url: '/admin/reset' });
  });

  function charge(key: string | undefined, body: object) {
    return sut.inject({
      method: 'POST',
      url: '/charges',
      headers: key === undefined ? {} : { 'idempotency-key': key },
      payload: body,
    });
  }

  async function stats() {
    return (await sut.inject({ method: 'GET', url: '/admin/stats' })).json<{
      requests: Record<string, number>;
      charges_created: number;
      charges_by_idempotency_key: Record<string, number>;
      charges_by_reference: Record<string, number>;
      refunds_created: number;
    }>();
  }

  const ok = { amount: 1000, currency: 'eur', payment_method: 'pm_card_ok', reference: 'pay_1' };

  it('charges pm_card_ok and answers 201 succeeded', async () => {
    const res = await charge('k1', ok);

    expect(res.statusCode).toBe(201);
    expect(res.json<Charge>()).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      amount: 1000,
      idempotency_key: 'k1',
    });
  });

  it('replays a retry with the same key and never charges twice', async () => {
    const first = await charge('k1', ok);
    const retries = await Promise.all([charge('k1', ok), charge('k1', { ...ok })]);

    for (const retry of retries) {
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json<Charge>().id).toBe(first.json<Charge>().id);
    }
    const counted = await stats();
    expect(counted.charges_created).toBe(1);
    expect(counted.charges_by_idempotency_key).toEqual({ k1: 1 });
    expect(counted.charges_by_reference).toEqual({ pay_1: 1 });
    expect(counted.requests.charges).toBe(3);
  });

  it('refuses the same key with a different body with 422', async () => {
    await charge('k1', ok);

    const res = await charge('k1', { ...ok, amount: 1001 });

    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { type: 'idempotency_error' } });
    expect((await stats()).charges_created).toBe(1);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await charge(undefined, ok);

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'idempotency_key_required' } });
  });

  it('rejects invalid bodies with 400 and creates nothing', async () => {
    const res = await charge('k1', { ...ok, amount: 10.5, extra: true });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'parameter_invalid' } });
    expect((await stats()).charges_created).toBe(0);
  });

  it('answers a decline as a failed charge with a failure_code, not as an error', async () => {
    const res = await charge('k1', { ...ok, payment_method: 'pm_card_declined' });

    expect(res.statusCode).toBe(201);
    expect(res.json<Charge>()).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
  });

  it('answers pm_card_error with 500 and charges nothing, so a retry may run again', async () => {
    const res = await charge('k1', { ...ok, payment_method: 'pm_card_error' });
    const retry = await charge('k1', { ...ok, payment_method: 'pm_card_error' });

    expect(res.statusCode).toBe(500);
    expect(retry.statusCode).toBe(500);
    expect((await stats()).charges_created).toBe(0);
  });

  it('answers pm_card_slow late, but the charge exists and is findable by key meanwhile', async () => {
    const started = Date.now();
    const slow = charge('k-slow', { ...ok, payment_method: 'pm_card_slow' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const byKey = await sut.inject({ method: 'GET', url: '/charges?idempotency_key=k-slow' });
    const res = await slow;

    expect(byKey.json<{ data: Charge[] }>().data).toHaveLength(1);
    expect(res.statusCode).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('finds charges by id and by idempotency key, 404 for an unknown id', async () => {
    const created = (await charge('k1', ok)).json<Charge>();

    const byId = await sut.inject({ method: 'GET', url: `/charges/${created.id}` });
    const byKey = await sut.inject({ method: 'GET', url: '/charges?idempotency_key=k1' });
    const none = await sut.inject({ method: 'GET', url: '/charges?idempotency_key=unknown' });
    const missing = await sut.inject({ method: 'GET', url: '/charges/ch_missing' });

    expect(byId.json<Charge>().id).toBe(created.id);
    expect(byKey.json<{ data: Charge[] }>().data.map((c) => c.id)).toEqual([created.id]);
    expect(none.json<{ data: Charge[] }>().data).toEqual([]);
    expect(missing.statusCode).toBe(404);
  });

  describe('refunds', () => {
    function refund(key: string, body: object) {
      return sut.inject({
        method: 'POST',
        url: '/refunds',
        headers: { 'idempotency-key': key },
        payload: body,
      });
    }

    it('refunds partially, replays by key, and never refunds more than was charged', async () => {
      const created = (await charge('k1', ok)).json<Charge>();

      const first = await refund('r1', { charge: created.id, amount: 600 });
      const replay = await refund('r1', { charge: created.id, amount: 600 });
      const tooMuch = await refund('r2', { charge: created.id, amount: 401 });
      const rest = await refund('r3', { charge: created.id });

      expect(first.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.json()).toMatchObject({ error: { code: 'amount_too_large' } });
      expect(rest.json()).toMatchObject({ amount: 400 });
      const after = (await sut.inject({ method: 'GET', url: `/charges/${created.id}` })).json<Charge>();
      expect(after).toMatchObject({ amount_refunded: 1000, refunded: true });
      expect((await stats()).refunds_created).toBe(2);
    });

    it('refuses to refund a declined charge or an unknown one', async () => {
      const declined = (await charge('k1', { ...ok, payment_method: 'pm_card_declined' })).json<Charge>();

      expect((await refund('r1', { charge: declined.id })).statusCode).toBe(400);
      expect((await refund('r2', { charge: 'ch_missing' })).statusCode).toBe(404);
    });
  });

  describe('fault injection', () => {
    function setFaults(faults: object) {
      return sut.inject({ method: 'PUT', url: '/admin/faults', payload: faults });
    }

    it('answers 503 during an outage without charging, and counts the request', async () => {
      await setFaults({ outage: true });

      const res = await charge('k1', ok);

      expect(res.statusCode).toBe(503);
      const counted = await stats();
      expect(counted.requests.charges).toBe(1);
      expect(counted.charges_created).toBe(0);
    });

    it('answers 500 at error_rate 1 without charging', async () => {
      await setFaults({ error_rate: 1 });

      expect((await charge('k1', ok)).statusCode).toBe(500);
      expect((await stats()).charges_created).toBe(0);
    });

    it('adds latency after the work is done', async () => {
      await setFaults({ latency_ms: 200 });
      const started = Date.now();

      const res = await charge('k1', ok);

      expect(res.statusCode).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('keeps the admin API out of the faults, and reset clears them', async () => {
      await setFaults({ outage: true, latency_ms: 100 });

      const faults = await sut.inject({ method: 'GET', url: '/admin/faults' });
      await sut.inject({ method: 'POST', url: '/admin/reset' });

      expect(faults.statusCode).toBe(200);
      expect(faults.json()).toMatchObject({ outage: true, latency_ms: 100 });
      expect((await charge('k1', ok)).statusCode).toBe(201);
    });

    it('rejects an out-of-range fault with 400', async () => {
      expect((await setFaults({ error_rate: 2 })).statusCode).toBe(400);
    });
  });
});
