import { isConnectionError } from '@app/database';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { ServiceUnavailableError } from './auth.errors.js';

// 25006 read-only transaction (writer still pointing at a demoted node), 57014 statement timeout,
// 53300 too many connections: all pass with time, like a lost connection.
const TRANSIENT_SQLSTATES = new Set(['25006', '57014', '53300']);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (isConnectionError(err)) return true;
  const { code, driverError } = (err ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  return [code, driverError?.code].some((c) => typeof c === 'string' && TRANSIENT_SQLSTATES.has(c));
}

/** A database outage is a 503 with Retry-After (clients retry), never a 500. */
export function toServiceUnavailable(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? new ServiceUnavailableError(5, err) : err;
}

@Injectable()
export class DependencyFailureInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => toServiceUnavailable(err))));
  }
}
