import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { listBreakers } from '@app/resilience';
import { freePort } from '@app/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';

import { PspClient } from '../src/psp/psp.client.js';
import { type PspOptions } from '../src/psp/psp.env.js';
import { PspOutcomeUnknownError, PspRejectedError, PspUnavailableError } from '../src/psp/psp.errors.js';
import { PspModule } from '../src/psp/psp.module.js';
import { Simulator } from './support/real-simulator.js';

const TIMEOUT_MS = 500;
const RESET_MS = 1_000;

async function createClient(options: PspOptions): Promise<{ module: TestingModule; client: PspClient }> {
  const module = await Test.createTestingModule({ imports: [PspModule.forRoot(options)] }).compile();
  return { module, client: module.get(PspClient) };
}

function breakerState(name: string): string | undefined {
  return listBreakers().find((b) => b.name === name)?.state;
}

// The real simulator, built and run as its own process (the payment-service test target builds it first).
describe(PspClient.name, () => {
  let simulator: Simulator;
  let module: TestingModule;
  let sut: PspClient;

  beforeAll(async () => {
    simulator = await Simulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  // Fresh breakers per test: one test's failures must not open the next one's breaker.
  beforeEach(async () => {
    await simulator.reset();
    ({ module, client: sut } = await createClient({
      baseUrl: simulator.url,
      timeoutMs: TIMEOUT_MS,
      breakerResetMs: RESET_MS,
      breakerVolumeThreshold: 3,
    }));
  });

  afterEach(async () => {
    await module.close();
  });

  const card = (paymentMethod: string, key: string) => ({
    idempotencyKey: key,
    amount: 2500,
    currency: 'eur',
    paymentMethod,
    reference: `pay_${key}`,
  });

  it('charges and sends our key as the provider Idempotency-Key, so a retry charges once', async () => {
    const first = await sut.charge(card('pm_card_ok', 'key-1'));
    const retry = await sut.charge(card('pm_card_ok', 'key-1'));

    expect(first).toEqual({ outcome: 'succeeded', chargeId: expect.stringMatching(/^ch_/) });
    expect(retry).toEqual(first);
    expect((await simulator.stats()).charges_by_idempotency_key).toEqual({ 'key-1': 1 });
  });

  it('returns a decline as an answer and does not count it against the breaker', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(sut.charge(card('pm_card_declined', `declined-${i}`))).resolves.toEqual({
        outcome: 'declined',
        chargeId: expect.stringMatching(/^ch_/),
        failureCode: 'card_declined',
      });
    }
    expect(breakerState('psp.charge')).toBe('closed');
  });

  it('treats a provider 500 as an unknown outcome', async () => {
    await expect(sut.charge(card('pm_card_error', 'err-1'))).rejects.toBeInstanceOf(PspOutcomeUnknownError);
  });

  it('reports a timeout as an unknown outcome, and the charge is found by key afterwards', async () => {
    const started = Date.now();

    await expect(sut.charge(card('pm_card_slow', 'slow-1'))).rejects.toBeInstanceOf(PspOutcomeUnknownError);

    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(sut.findChargeByKey('slow-1')).resolves.toEqual({
      outcome: 'succeeded',
      chargeId: expect.stringMatching(/^ch_/),
    });
    await expect(sut.findChargeByKey('never-sent')).resolves.toBeNull();
  });

  it('opens the breaker during an outage, then fails fast without calling the provider', async () => {
    await simulator.setFaults({ outage: true });
    for (let i = 0; i < 3; i++) {
      await expect(sut.charge(card('pm_card_ok', `outage-${i}`))).rejects.toBeInstanceOf(
        PspOutcomeUnknownError,
      );
    }
    const reachedBefore = (await simulator.stats()).requests.charges;

    const failFast = sut.charge(card('pm_card_ok', 'outage-x'));

    await expect(failFast).rejects.toBeInstanceOf(PspUnavailableError);
    await expect(failFast).rejects.toMatchObject({
      retryAfterSeconds: expect.any(Number),
      headers: { 'Retry-After': '1' },
    });
    expect(breakerState('psp.charge')).toBe('open');
    expect((await simulator.stats()).requests.charges).toBe(reachedBefore);
  });

  it('closes the breaker again once the provider recovers', async () => {
    await simulator.setFaults({ outage: true });
    for (let i = 0; i < 3; i++) {
      await expect(sut.charge(card('pm_card_ok', `down-${i}`))).rejects.toBeInstanceOf(
        PspOutcomeUnknownError,
      );
    }
    expect(breakerState('psp.charge')).toBe('open');
    await simulator.setFaults({ outage: false });

    await new Promise((resolve) => setTimeout(resolve, RESET_MS + 100));

    await expect(sut.charge(card('pm_card_ok', 'back-1'))).resolves.toMatchObject({ outcome: 'succeeded' });
    expect(breakerState('psp.charge')).toBe('closed');
  });

  it('refunds through its own breaker and reports a refusal as a rejection, not an outage', async () => {
    const charged = await sut.charge(card('pm_card_ok', 'refund-me'));

    const refund = await sut.refund({ idempotencyKey: 'refund-1', chargeId: charged.chargeId, amount: 1000 });
    const tooMuch = sut.refund({ idempotencyKey: 'refund-2', chargeId: charged.chargeId, amount: 2000 });

    expect(refund).toEqual({ refundId: expect.stringMatching(/^re_/), amount: 1000 });
    await expect(tooMuch).rejects.toBeInstanceOf(PspRejectedError);
    await expect(tooMuch).rejects.toMatchObject({ providerStatus: 400, providerCode: 'amount_too_large' });
    expect(breakerState('psp.refund')).toBe('closed');
  });

  it('reports a refused connection as unavailable: nothing was sent', async () => {
    const { module: closedModule, client } = await createClient({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: TIMEOUT_MS,
      breakerResetMs: RESET_MS,
    });

    await expect(client.charge(card('pm_card_ok', 'nowhere'))).rejects.toBeInstanceOf(PspUnavailableError);
    await closedModule.close();
  });
});

// A provider that never answers, to watch the wire: the timed-out request must be torn down.
describe(`${PspClient.name} timeout`, () => {
  let hanging: Server;
  let requests: IncomingMessage[];

  beforeAll(async () => {
    requests = [];
    hanging = createServer((req) => requests.push(req));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('aborts the request on the wire when the breaker times out', async () => {
    const { module, client } = await createClient({
      baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      timeoutMs: 200,
      breakerResetMs: RESET_MS,
    });
    try {
      await expect(client.charge(card('pm_card_ok', 'hang-1'))).rejects.toBeInstanceOf(
        PspOutcomeUnknownError,
      );
      const [request] = requests;
      expect(request.headers['idempotency-key']).toBe('hang-1');
      await new Promise<void>((resolve) =>
        request.destroyed ? resolve() : request.once('close', () => resolve()),
      );
      expect(request.destroyed).toBe(true);
    } finally {
      await module.close();
    }
  });

  function card(paymentMethod: string, key: string) {
    return { idempotencyKey: key, amount: 100, currency: 'usd', paymentMethod };
  }
});
