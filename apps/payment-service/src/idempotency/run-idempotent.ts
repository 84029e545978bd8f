import { type Database } from '@app/database';
import { DomainError, mapException, problemBody } from '@app/problem-details';
import { type EntityManager } from 'typeorm';

import { ClaimLostError, type IdempotencyService } from './idempotency.service.js';
import { type Answer, type Claim, type IdempotentRequest, type StoredResponse } from './idempotency.types.js';

export type Started<A> = { attempt: A } | { answer: StoredResponse };

/** The steps of one idempotent operation that calls an external party exactly once. */
export interface IdempotentFlow<A, O> {
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
  const started: { replay: StoredResponse } | { answer: StoredResponse } | { attempt: A; claim: Claim } =
    await db.transaction(async (em) => {
      const claimed = await idempotency.claim(em, req);
      if (claimed.kind === 'replay') return { replay: claimed.response };
      const step = await startOrStoredProblem(flow, em, claimed.claim);
      if ('answer' in step) {
        await idempotency.complete(em, claimed.claim, step.answer);
        return step;
      }
      return { attempt: step.attempt, claim: claimed.claim };
    });
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
  return { status, body: problemBody({ status, code, title, detail, extensions }) };
}
