import { type Database } from '@app/database';
import { DomainError, mapException, problemBody } from '@app/problem-details';
import { type EntityManager } from 'typeorm';

import { type SqlPart } from '../shared/sql.js';

import { COMPLETE_WITH_FIRST_PARAM } from './idempotency.repository.js';
import { ClaimLostError, type IdempotencyService } from './idempotency.service.js';
import { type Answer, type Claim, type IdempotentRequest, type StoredResponse } from './idempotency.types.js';
import { storedJson } from './stored-response.js';

export type Started<A> = { attempt: A } | { answer: StoredResponse };

/** `finishInOneStatement`'s answer; `committed` runs once the statement has applied it. */
export interface OneStatementFinish {
  answer: StoredResponse;
  change: SqlPart;
  committed?: () => void;
}

/** The steps of one idempotent operation that calls an external party exactly once. */
export interface IdempotentFlow<A, O> {
  /**
   * Optional fast path, outside any transaction: claim `claim` (a key never seen before) and create
   * what the request works on in ONE statement, or answer undefined when the key exists. Saves the
   * transaction's round trips on nearly every request; everything else takes `start`.
   */
  startWithNewKey?(em: EntityManager, claim: Claim): Promise<A | undefined>;
  /**
   * In the claim's transaction: create or lock what the request works on. A client error
   * (4xx DomainError) thrown here becomes the key's stored answer, so throw it before writing.
   */
  start(em: EntityManager, claim: Claim): Promise<Started<A>>;
  /**
   * Outside any transaction. Returns the outcome, including "unknown"; throws only when nothing
   * was sent, and then `release` runs and the error goes to the client.
   */
  execute(attempt: A): Promise<O>;
  /**
   * Optional fast path, outside any transaction: the answer `finish` would give and the change
   * behind it as CTEs (see IdempotencyRepository.completeWith), written with the key's completion
   * in ONE statement; `change` numbers its parameters from `firstParam`. Undefined, or a statement
   * that changed nothing, falls back to `finish`.
   */
  finishInOneStatement?(attempt: A, outcome: O, firstParam: number): OneStatementFinish | undefined;
  /** In the completing transaction, together with the key's completion. */
  finish(em: EntityManager, attempt: A, outcome: O): Promise<StoredResponse>;
  release(em: EntityManager, attempt: A): Promise<void>;
}

export async function runIdempotent<A, O>(
  db: Database,
  idempotency: IdempotencyService,
  req: IdempotentRequest,
  flow: IdempotentFlow<A, O>,
): Promise<Answer> {
  const started =
    (await startedWithNewKey(db, idempotency, req, flow)) ?? (await startInTransaction(db, idempotency, req, flow));
  if ('replay' in started) return { ...started.replay, replayed: true };
  if ('answer' in started) return { ...started.answer, replayed: false };

  const { attempt, claim } = started;
  let outcome: O;
  try {
    outcome = await flow.execute(attempt);
  } catch (err) {
    // If even the release fails, the claim stays in flight and is re-claimable after the recovery timeout.
    await db.transaction((em) => flow.release(em, attempt)).catch((releaseErr: unknown) => {
      throw new AggregateError([err, releaseErr], 'provider refused and the idempotency claim could not be released');
    });
    throw err;
  }

  const finished = flow.finishInOneStatement?.(attempt, outcome, COMPLETE_WITH_FIRST_PARAM);
  if (finished && (await idempotency.completeWith(db.writer, claim, finished.answer, finished.change))) {
    finished.committed?.();
    return { ...finished.answer, replayed: false };
  }
  try {
    const response = await db.transaction(async (em) => {
      const answer = await flow.finish(em, attempt, outcome);
      await idempotency.complete(em, claim, answer);
      return answer;
    });
    return { ...response, replayed: false };
  } catch (err) {
    if (!(err instanceof ClaimLostError)) throw err;
    // Our claim was presumed dead and taken over; answer exactly what a retry would get.
    const response = await db.transaction((em) => idempotency.answerAfterLostClaim(em, req));
    return { ...response, replayed: true };
  }
}

type Start<A> = { replay: StoredResponse } | { answer: StoredResponse } | { attempt: A; claim: Claim };

async function startedWithNewKey<A, O>(
  db: Database,
  idempotency: IdempotencyService,
  req: IdempotentRequest,
  flow: IdempotentFlow<A, O>,
): Promise<Start<A> | undefined> {
  if (!flow.startWithNewKey) return undefined;
  const claim = idempotency.newClaim(req);
  const attempt = await flow.startWithNewKey(db.writer, claim);
  return attempt === undefined ? undefined : { attempt, claim };
}

function startInTransaction<A, O>(
  db: Database,
  idempotency: IdempotencyService,
  req: IdempotentRequest,
  flow: IdempotentFlow<A, O>,
): Promise<Start<A>> {
  return db.transaction(async (em): Promise<Start<A>> => {
    const claimed = await idempotency.claim(em, req);
    if (claimed.kind === 'replay') return { replay: claimed.response };
    const step = await startOrStoredProblem(flow, em, claimed.claim);
    if ('answer' in step) {
      await idempotency.complete(em, claimed.claim, step.answer);
      return step;
    }
    return { attempt: step.attempt, claim: claimed.claim };
  });
}

async function startOrStoredProblem<A, O>(
  flow: IdempotentFlow<A, O>,
  em: EntityManager,
  claim: Claim,
): Promise<Started<A>> {
  try {
    return await flow.start(em, claim);
  } catch (err) {
    if (!(err instanceof DomainError) || err.status >= 500) throw err;
    return { answer: storedProblem(err) };
  }
}

/** A problem body without request-specific members, so every replay is identical. */
export function storedProblem(err: DomainError): StoredResponse {
  const { status, code, title, detail, extensions } = mapException(err);
  return storedJson(status, problemBody({ status, code, title, detail, extensions }));
}
