import { type ArgumentsHost, Catch } from '@nestjs/common';
import { ProblemDetailsFilter } from '@app/problem-details';

import { toServiceUnavailable } from './database-unavailable.error.js';

/**
 * ProblemDetailsFilter that answers a database outage 503 + Retry-After instead of a 500, so
 * clients retry through a failover, wherever it was thrown (guard, pipe or handler). Mapping here
 * rather than in an interceptor keeps rxjs off every request: with no interceptor Nest calls the
 * handler directly (ADR 0006, third round).
 */
@Catch()
export class ServiceProblemFilter extends ProblemDetailsFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    super.catch(toServiceUnavailable(exception), host);
  }
}
