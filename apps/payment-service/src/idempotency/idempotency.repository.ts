import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { execute, type SqlPart } from '../shared/sql.js';
import { IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { type Claim, type IdempotentRequest, type StoredResponse } from './idempotency.types.js';

/** The first parameter number of the change `completeWith` embeds (its own are $1…$7). */
export const COMPLETE_WITH_FIRST_PARAM = 8;

interface ClaimRow {
  inserted: boolean;
}

// Every statement runs inside the caller's transaction on the primary; times come from the
// database clock so both service replicas agree on what "stale" means.
@Injectable()
export class IdempotencyRepository {
  /**
   * Inserts the key as in flight, or takes over an in-flight claim whose owner has been silent
   * longer than `recoverAfterSeconds` (it crashed). Returns undefined when someone else holds or
   * finished the key. A single statement, so two racing requests cannot both win.
   */
  async insertOrTakeOver(
    em: EntityManager,
    req: IdempotentRequest,
    lockToken: string,
    recoverAfterSeconds: number,
  ): Promise<ClaimRow | undefined> {
    const { rows } = await execute<ClaimRow>(
      em,
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at)
       VALUES ($1, $2, $3, 'in_flight', $4, now())
       ON CONFLICT (user_id, key) DO UPDATE SET lock_token = EXCLUDED.lock_token, locked_at = now()
         WHERE idempotency_keys.status = 'in_flight'
           AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
           AND idempotency_keys.locked_at < now() - make_interval(secs => $5)
       RETURNING (xmax = 0) AS inserted`,
      [req.userId, req.key, req.fingerprint, lockToken, recoverAfterSeconds],
    );
    return rows[0];
  }

  /**
   * One statement for the common case, a key never seen before: claims it and runs `insert`, which
   * must read `FROM claim` (so it inserts nothing unless the key was new) and number its parameters
   * from $6. Answers `insert`'s RETURNING rows; none means the key exists, and the caller takes the
   * transactional path (replay, 409, 422 or take-over), which re-reads it. Being one statement, the
   * claim and the resource commit together or not at all.
   */
  async insertWithNewKey<T>(
    em: EntityManager,
    claim: Pick<Claim, 'userId' | 'key' | 'fingerprint' | 'lockToken'>,
    resourceId: string,
    insert: { sql: string; params: unknown[] },
  ): Promise<T[]> {
    const { rows } = await execute<T>(
      em,
      `WITH claim AS (
         INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, resource_id)
         VALUES ($1, $2, $3, 'in_flight', $4, now(), $5)
         ON CONFLICT (user_id, key) DO NOTHING
         RETURNING 1)
       ${insert.sql}`,
      [claim.userId, claim.key, claim.fingerprint, claim.lockToken, resourceId, ...insert.params],
    );
    return rows;
  }

  findByKey(em: EntityManager, userId: string, key: string): Promise<IdempotencyRecordEntity | null> {
    return em.getRepository(IdempotencyRecordEntity).findOneBy({ userId, key });
  }

  /**
   * For the reconciler: locks the record unless a live request owns it (another transaction holds
   * the row, or the in-flight claim is fresher than `recoverAfterSeconds`).
   */
  async lockUnlessLive(
    em: EntityManager,
    userId: string,
    key: string,
    recoverAfterSeconds: number,
  ): Promise<{ state: 'live' } | { state: 'absent' } | { state: 'idle'; record: Pick<Claim, 'userId' | 'key' | 'lockToken'> & { status: string } }> {
    const { rows } = await execute<{ status: string; lock_token: string; live: boolean }>(
      em,
      `SELECT status, lock_token, (status = 'in_flight' AND locked_at >= now() - make_interval(secs => $3)) AS live
       FROM idempotency_keys WHERE user_id = $1 AND key = $2
       FOR UPDATE SKIP LOCKED`,
      [userId, key, recoverAfterSeconds],
    );
    const row = rows[0];
    if (row) return row.live ? { state: 'live' } : { state: 'idle', record: { userId, key, lockToken: row.lock_token, status: row.status } };
    // Nothing lockable: either another transaction holds it right now, or it was purged.
    return (await this.findByKey(em, userId, key)) ? { state: 'live' } : { state: 'absent' };
  }

  /**
   * Fenced by the lock token: false when this request no longer owns the key. Records the answer's
   * bytes and what it created, in the statement that completes the key (no round trip of its own).
   */
  complete(em: EntityManager, claim: Pick<Claim, 'userId' | 'key' | 'lockToken'>, response: StoredResponse): Promise<boolean> {
    return this.fenced(
      em,
      claim,
      `status = 'completed', response_status = $4, response_raw = $5, response_content_type = $6,
       resource_id = coalesce($7::uuid, resource_id), completed_at = now()`,
      [response.status, response.body, response.contentType, response.resourceId ?? null],
    );
  }

  /**
   * `complete` and the change it answers for in ONE statement, with no transaction around it:
   * `change` is a list of CTEs numbered from $8 that must gate every write on `FROM owned` (the
   * claim, row-locked) and end with one named `changed`. The key completes only if `changed` has
   * a row. False when nothing was written (claim lost, or the change did not apply): the caller
   * takes the transactional path, which finds out which.
   */
  async completeWith(
    em: EntityManager,
    claim: Pick<Claim, 'userId' | 'key' | 'lockToken'>,
    response: StoredResponse,
    change: SqlPart,
  ): Promise<boolean> {
    const { rows } = await execute<{ completed: number }>(
      em,
      `WITH owned AS (
         SELECT 1 FROM idempotency_keys
         WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight'
         FOR UPDATE),
       ${change.sql},
       completed AS (
         UPDATE idempotency_keys SET status = 'completed', response_status = $4, response_raw = $5,
           response_content_type = $6, resource_id = coalesce($7::uuid, resource_id), completed_at = now()
         WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight'
           AND EXISTS (SELECT 1 FROM changed)
         RETURNING 1)
       SELECT count(*)::int AS completed FROM completed`,
      [claim.userId, claim.key, claim.lockToken, response.status, response.body, response.contentType,
        response.resourceId ?? null, ...change.params],
    );
    return rows[0]?.completed === 1;
  }

  /** Makes the claim immediately re-claimable (its owner gave up) without forgetting the key. */
  unlock(em: EntityManager, claim: Claim): Promise<boolean> {
    return this.fenced(em, claim, `locked_at = '-infinity'`, []);
  }

  async delete(em: EntityManager, claim: Claim): Promise<boolean> {
    const { count } = await execute(
      em,
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight'`,
      [claim.userId, claim.key, claim.lockToken],
    );
    return count === 1;
  }

  /** Deletes finished records created before the cutoff, in batches so the table is never locked long. */
  async deleteCompletedOlderThan(em: EntityManager, retentionSeconds: number, batchSize: number): Promise<number> {
    const { count } = await execute(
      em,
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys
         WHERE status = 'completed' AND created_at < now() - make_interval(secs => $1)
         LIMIT $2)`,
      [retentionSeconds, batchSize],
    );
    return count;
  }

  private async fenced(
    em: EntityManager,
    claim: Pick<Claim, 'userId' | 'key' | 'lockToken'>,
    set: string,
    params: unknown[],
  ): Promise<boolean> {
    const { count } = await execute(
      em,
      `UPDATE idempotency_keys SET ${set}
       WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND status = 'in_flight'`,
      [claim.userId, claim.key, claim.lockToken, ...params],
    );
    return count === 1;
  }
}
