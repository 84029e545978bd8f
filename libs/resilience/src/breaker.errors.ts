// Callers map these to their own domain errors (e.g. a 503 problem with Retry-After).
export class BreakerOpenError extends Error {
  override readonly name = 'BreakerOpenError';

  constructor(
    readonly breaker: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`circuit breaker ${breaker} is open; retry after ${retryAfterSeconds}s`);
  }
}

export class BreakerTimeoutError extends Error {
  override readonly name = 'BreakerTimeoutError';

  constructor(
    readonly breaker: string,
    readonly timeoutMs: number,
  ) {
    super(`circuit breaker ${breaker} timed out after ${timeoutMs}ms`);
  }
}
