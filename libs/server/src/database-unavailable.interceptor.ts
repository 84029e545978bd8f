import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';

import { toServiceUnavailable } from './database-unavailable.error.js';

/**
 * A database outage is not a bug: answer 503 + Retry-After instead of a 500, so clients retry
 * through a failover. Guards run before interceptors, so a guard that reads the database calls
 * toServiceUnavailable itself.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => toServiceUnavailable(err))));
  }
}
