import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Optional } from '@nestjs/common';
import { createLogger, currentRequestId, type Logger, REQUEST_ID_HEADER } from '@app/observability';

import { DomainError } from './domain.error.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem-body.js';
import { mapException } from './problem.mapper.js';

// The slice of Fastify's request/reply used here (fastify is not a direct dependency).
interface ProblemRequest {
  url: string;
}
interface ProblemReply {
  readonly sent: boolean;
  getHeader(name: string): unknown;
  status(code: number): ProblemReply;
  header(name: string, value: string): ProblemReply;
  send(payload: string): unknown;
}

export const PROBLEM_DETAILS_LOGGER = Symbol('PROBLEM_DETAILS_LOGGER');

/**
 * The one filter for every error of an HTTP service: answers RFC 9457 problem+json. Server-side
 * failures are logged with their stack and answered with a generic detail, never the message.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger: Logger;

  // Optional so the filter works both as `new ProblemDetailsFilter()` and as an APP_FILTER provider.
  constructor(@Optional() @Inject(PROBLEM_DETAILS_LOGGER) logger?: Logger) {
    this.logger = logger ?? createLogger('problem-details');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<ProblemRequest>();
    const reply = http.getResponse<ProblemReply>();

    const problem = mapException(exception);
    if (exception instanceof DomainError) {
      // Expected conditions (e.g. 503 while a breaker is open): a fact, not a stack per request.
      if (problem.isServerError) {
        this.logger.warn({ code: exception.code, status: problem.status }, exception.title);
      }
    } else if (problem.isServerError) {
      this.logger.error({ err: exception, status: problem.status }, 'request failed');
    }
    if (reply.sent) return;

    const body = problemBody({ ...problem, instance: pathOf(request.url), requestId: requestIdOf(reply) });
    reply.status(problem.status);
    for (const [name, value] of Object.entries(problem.headers ?? {})) reply.header(name, value);
    reply.header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

// Query strings may carry tokens: the problem names the path only.
function pathOf(url: string | undefined): string | undefined {
  return url?.split('?', 1)[0];
}

// Fastify-level errors (e.g. body parsing) run outside the request's async context.
function requestIdOf(reply: ProblemReply): string | undefined {
  const header = reply.getHeader(REQUEST_ID_HEADER);
  return currentRequestId() ?? (typeof header === 'string' ? header : undefined);
}
