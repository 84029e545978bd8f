import { describe, expect, it } from '@jest/globals';
import { type EntityManager } from 'typeorm';

import { PaymentSettings } from '../config/payment-settings.js';
import { type IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency.errors.js';
import { type IdempotencyRepository } from './idempotency.repository.js';
import { idempotencyOutcomes } from './idempotency-metrics.js';
import { ClaimLostError, IdempotencyService } from './idempotency.service.js';

const em = {} as EntityManager;
const req = { userId: 'u1', key: 'k1', fingerprint: 'f1' };

/** Just the statements the service uses, answering as the database would. */
class FakeRecords {
  claimRow: { inserted: boolean } | undefined;
  existing: Partial<IdempotencyRecordEntity> | null = null;
  completes = true;

  insertOrTakeOver = () => Promise.resolve(this.claimRow);
  findByKey = () => Promise.resolve(this.existing as IdempotencyRecordEntity | null);
  complete = () => Promise.resolve(this.completes);
}

function aService(records: FakeRecords): IdempotencyService {
  return new IdempotencyService(records as unknown as IdempotencyRepository, new PaymentSettings());
}

describe(IdempotencyService.name, () => {
  it('claims a new key as a first attempt', async () => {
    const records = new FakeRecords();
    records.claimRow = { inserted: true };
    const sut = aService(records);
    const result = await sut.claim(em, req);
    expect(result).toMatchObject({ kind: 'claimed', claim: { ...req, reclaimed: false } });
  });

  it('marks a take-over of an abandoned claim as reclaimed', async () => {
    const records = new FakeRecords();
    records.claimRow = { inserted: false };
    const result = await aService(records).claim(em, req);
    expect(result).toMatchObject({ kind: 'claimed', claim: { reclaimed: true } });
  });

  it('replays the stored bytes and content type of a completed key with the same fingerprint', async () => {
    const records = new FakeRecords();
    const raw = '{"id":"p1","object":"payment"}';
    records.existing = { fingerprint: 'f1', status: 'completed', responseStatus: 201, responseRaw: raw, responseContentType: 'application/json; charset=utf-8' };
    const result = await aService(records).claim(em, req);
    expect(result).toEqual({ kind: 'replay', response: { status: 201, body: raw, contentType: 'application/json; charset=utf-8' } });
  });

  it('replays a key completed before the bytes were stored from its jsonb value', async () => {
    const records = new FakeRecords();
    records.existing = { fingerprint: 'f1', status: 'completed', responseStatus: 409, responseBody: { status: 409 }, responseRaw: null, responseContentType: null };
    const result = await aService(records).claim(em, req);
    expect(result).toEqual({
      kind: 'replay',
      response: { status: 409, body: '{"status":409}', contentType: 'application/problem+json; charset=utf-8' },
    });
  });

  it('refuses a different request under the same key with 422, finished or not', async () => {
    const records = new FakeRecords();
    records.existing = { fingerprint: 'other', status: 'in_flight', responseStatus: null };
    await expect(aService(records).claim(em, req)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers 409 with Retry-After while another request holds the key', async () => {
    const records = new FakeRecords();
    records.existing = { fingerprint: 'f1', status: 'in_flight', responseStatus: null };
    const error = await aService(records)
      .claim(em, req)
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(IdempotencyKeyInFlightError);
    expect((error as IdempotencyKeyInFlightError).headers).toEqual({ 'retry-after': '1' });
  });

  it('throws ClaimLostError when completing a claim someone else took over', async () => {
    const records = new FakeRecords();
    records.completes = false;
    const claim = { ...req, lockToken: 't', reclaimed: false };
    await expect(aService(records).complete(em, claim, { status: 201, body: '{}', contentType: 'application/json' })).rejects.toBeInstanceOf(ClaimLostError);
  });

  it('counts each known-key outcome in payment_idempotency_requests_total', async () => {
    const count = async (outcome: string) => (await idempotencyOutcomes.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    const before = { replayed: await count('replayed'), conflict: await count('conflict'), in_flight: await count('in_flight'), taken_over: await count('taken_over') };
    const takeOver = new FakeRecords();
    takeOver.claimRow = { inserted: false };
    const replay = new FakeRecords();
    replay.existing = { fingerprint: 'f1', status: 'completed', responseStatus: 201, responseRaw: '{}', responseContentType: 'application/json' };
    const conflict = new FakeRecords();
    conflict.existing = { fingerprint: 'other', status: 'completed' };
    const inFlight = new FakeRecords();
    inFlight.existing = { fingerprint: 'f1', status: 'in_flight' };

    await aService(takeOver).claim(em, req);
    await aService(replay).claim(em, req);
    await expect(aService(conflict).claim(em, req)).rejects.toThrow(IdempotencyKeyReusedError);
    await expect(aService(inFlight).claim(em, req)).rejects.toThrow(IdempotencyKeyInFlightError);

    expect({ replayed: await count('replayed'), conflict: await count('conflict'), in_flight: await count('in_flight'), taken_over: await count('taken_over') })
      .toEqual({ replayed: before.replayed + 1, conflict: before.conflict + 1, in_flight: before.in_flight + 1, taken_over: before.taken_over + 1 });
  });
});
