import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { isConnectionError } from '@app/database';
import { DomainError } from '@app/problem-details';
import { catchError, type Observable } from 'rxjs';

// Long enough for a planned switchover (~2 s), short enough to retry well within a leader failover.
const RETRY_AFTER_SECONDS = 2;

export class DatabaseUnavailableError extends DomainError {
  readonly code = 'database-unavailable';
  readonly title = 'Service temporarily unavailable';
  readonly status = 503;
  constructor(cause: unknown) {
    super('The database cannot be reached right now (e.g. during a failover). Retry with the same Idempotency-Key.', {
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      cause,
    });
  }
}

/**
 * A lost database connection is an outage, not a bug: answer 503 + Retry-After (ARCHITECTURE.md,
 * failover window) instead of a 500. Idempotency makes the retry safe whatever the crash point.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        throw isConnectionError(err) ? new DatabaseUnavailableError(err) : err;
      }),
    );
  }
}
