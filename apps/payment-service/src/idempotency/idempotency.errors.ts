import { DomainError } from '@app/problem-details';

export class IdempotencyKeyMissingError extends DomainError {
  readonly code = 'idempotency-key-missing';
  readonly title = 'Idempotency-Key header required';
  readonly status = 400;
  constructor() {
    super('Send an Idempotency-Key header (e.g. a V4 UUID) so the request can be retried safely.');
  }
}

export class IdempotencyKeyInvalidError extends DomainError {
  readonly code = 'idempotency-key-invalid';
  readonly title = 'Invalid Idempotency-Key header';
  readonly status = 400;
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency-key-reused';
  readonly title = 'Idempotency-Key reused with a different request';
  readonly status = 422;
  constructor() {
    super('This key was first used with a different request; keys can only be reused with the same request.');
  }
}

export class IdempotencyKeyInFlightError extends DomainError {
  readonly code = 'idempotency-key-in-flight';
  readonly title = 'A request with this Idempotency-Key is still being processed';
  readonly status = 409;
  constructor(retryAfterSeconds: number) {
    super('Retry with the same key once the first request has finished; no correction is required.', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
