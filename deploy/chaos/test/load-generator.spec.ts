import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { LoadGenerator } from '../src/load/load-generator.js';
import { FakeApi } from './fake-api.js';

describe(LoadGenerator.name, () => {
  const api = new FakeApi();
  let sut: LoadGenerator;

  beforeAll(async () => {
    const port = await api.start();
    sut = new LoadGenerator({
      target: { protocol: 'http:', host: '127.0.0.1', port }, users: 3, tag: 'spec', thinkMs: [5, 10],
      mix: { pay: 1 }, maxDurationMs: 10_000, maxOps: 12,
      retry: { maxAttempts: 3, maxElapsedMs: 5_000, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 200, retryAfterSpread: 0.5 },
    });
    await sut.setUp();
    sut.start();
    await new Promise((r) => setTimeout(r, 1_500));
    await sut.stop();
  });

  afterAll(async () => {
    await api.stop();
  });

  it('sends each virtual user from its own loopback source address', () => {
    expect(new Set(api.calls.map((c) => c.src))).toEqual(new Set(['127.0.0.2', '127.0.0.3', '127.0.0.4']));
  });

  it('retries a payment after 503 with the same Idempotency-Key, waiting (capped) Retry-After', () => {
    const first = sut.ledger.records.find((r) => r.op === 'pay' && r.attempt === 1 && r.status === 503);
    const retry = sut.ledger.records.find((r) => r.op === 'pay' && r.opId === first?.opId && r.attempt === 2);
    expect(first?.retryAfterS).toBe(1);
    expect(retry).toMatchObject({ status: 201, ok: true, final: true, idempotencyKey: first?.idempotencyKey });
    expect((retry?.sentMs ?? 0) - ((first?.sentMs ?? 0) + (first?.latencyMs ?? 0))).toBeGreaterThanOrEqual(190);
  });

  it('records every acknowledged payment with its id, key, amount and user', () => {
    expect(sut.ledger.ackedPayments.length).toBeGreaterThan(0);
    for (const p of sut.ledger.ackedPayments) {
      expect(p).toMatchObject({ id: expect.any(String), idempotencyKey: expect.any(String), amount: expect.any(Number) });
      expect(p.userId).toMatch(/^user-127\.0\.0\.\d$/);
    }
  });

  it('stops by itself at its operation bound', () => {
    const payOps = new Set(sut.ledger.records.filter((r) => r.op === 'pay').map((r) => r.opId));
    // 6 setup operations (register + login) count too; each user may finish the one it started.
    expect(sut.ledger.opCount).toBeLessThanOrEqual(12 + 3);
    expect(payOps.size).toBeGreaterThan(0);
  });
});
