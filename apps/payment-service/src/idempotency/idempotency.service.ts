import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { PaymentSettings } from '../config/payment-settings.js';
import { type SqlPart } from '../shared/sql.js';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency.errors.js';
import { idempotencyOutcomes } from './idempotency-metrics.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { type Claim, type IdempotentRequest, type StoredResponse } from './idempotency.types.js';
import { storedResponseOf } from './stored-response.js';

export type ClaimResult = { kind: 'claimed'; claim: Claim } | { kind: 'replay'; response: StoredResponse };

/** Thrown inside a completing transaction when another request took the key over: roll back. */
export class ClaimLostError extends Error {
  constructor() {
    super('idempotency claim was taken over by another request');
  }
}

// A new retry usually finds the first request done within a second.
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/**
 * The IETF Idempotency-Key rules with the database as the authority. Callers pass their own
 * transaction so claiming a key and creating the resource it guards commit together.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly settings: PaymentSettings,
  ) {}

  /** First request → claimed; finished → replay; other body → 422; still running → 409. */
  async claim(em: EntityManager, req: IdempotentRequest): Promise<ClaimResult> {
    const lockToken = randomUUID();
    const row = await this.records.insertOrTakeOver(em, req, lockToken, this.settings.idempotencyRecoverySeconds);
    if (row) {
      if (!row.inserted) idempotencyOutcomes.inc({ outcome: 'taken_over' });
      return { kind: 'claimed', claim: { ...req, lockToken, reclaimed: !row.inserted } };
    }
    const existing = await this.records.findByKey(em, req.userId, req.key);
    // Purged between the two statements: the key is free again, so the next attempt inserts it.
    if (!existing) return this.claim(em, req);
    if (existing.fingerprint !== req.fingerprint) {
      idempotencyOutcomes.inc({ outcome: 'conflict' });
      throw new IdempotencyKeyReusedError();
    }
    const stored = storedResponseOf(existing);
    if (stored) {
      idempotencyOutcomes.inc({ outcome: 'replayed' });
      return { kind: 'replay', response: stored };
    }
    idempotencyOutcomes.inc({ outcome: 'in_flight' });
    throw new IdempotencyKeyInFlightError(IN_FLIGHT_RETRY_AFTER_SECONDS);
  }

  /** The claim a request holds if its key turns out to be new (see `IdempotentFlow.startWithNewKey`). */
  newClaim(req: IdempotentRequest): Claim {
    return { ...req, lockToken: randomUUID(), reclaimed: false };
  }

  /** See IdempotencyRepository.insertWithNewKey: claim + create in one statement, or nothing. */
  insertWithNewKey<T>(em: EntityManager, claim: Claim, resourceId: string, insert: { sql: string; params: unknown[] }): Promise<T[]> {
    return this.records.insertWithNewKey<T>(em, claim, resourceId, insert);
  }

  /** Records the answer; throws ClaimLostError (roll back!) when the claim was taken over meanwhile. */
  async complete(em: EntityManager, claim: Claim, response: StoredResponse): Promise<void> {
    if (!(await this.records.complete(em, claim, response))) throw new ClaimLostError();
  }

  /** See IdempotencyRepository.completeWith: the change and the key's completion in one statement, or neither. */
  completeWith(em: EntityManager, claim: Claim, response: StoredResponse, change: SqlPart): Promise<boolean> {
    return this.records.completeWith(em, claim, response, change);
  }

  /** Nothing reached the provider: forget the key so a retry starts afresh. */
  async forget(em: EntityManager, claim: Claim): Promise<void> {
    await this.records.delete(em, claim);
  }

  /** An earlier attempt may have reached the provider: keep the key but let a retry take over at once. */
  async unlock(em: EntityManager, claim: Claim): Promise<void> {
    await this.records.unlock(em, claim);
  }

  /**
   * After losing a claim: the request that took over either finished (replay its answer) or
   * is still running (409), exactly as a fresh retry would see it.
   */
  async answerAfterLostClaim(em: EntityManager, req: IdempotentRequest): Promise<StoredResponse> {
    const existing = await this.records.findByKey(em, req.userId, req.key);
    const stored = existing ? storedResponseOf(existing) : undefined;
    if (stored) return stored;
    throw new IdempotencyKeyInFlightError(IN_FLIGHT_RETRY_AFTER_SECONDS);
  }
}
