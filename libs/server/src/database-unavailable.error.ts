import { isDatabaseUnavailable } from '@app/database';
import { DomainError } from '@app/problem-details';

// 2 s covers a planned switchover; a client that meets another 503 backs off further on its own.
const RETRY_AFTER_SECONDS = 2;

/** The database cannot serve the request right now (failover, outage): a 503 the client may retry. */
export class DatabaseUnavailableError extends DomainError {
  readonly code = 'database-unavailable';
  readonly title = 'Service temporarily unavailable';
  readonly status = 503;

  constructor(cause: unknown) {
    super('The database cannot be reached right now (e.g. during a failover); retry shortly.', {
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      cause,
    });
  }
}

/** A database outage becomes a DatabaseUnavailableError; any other error is returned unchanged. */
export function toServiceUnavailable(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? new DatabaseUnavailableError(err) : err;
}
