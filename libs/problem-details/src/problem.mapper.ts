import { HttpException, HttpStatus } from '@nestjs/common';

import { DomainError } from './domain.error.js';
import { type ProblemInput } from './problem-body.js';
import { isSchemaValidationError, schemaFieldErrors } from './schema-validation.js';
import { ValidationProblemError } from './validation-problem.error.js';

/** What the filter sends: the body fields, extra headers, and whether it is our fault (logged). */
export interface MappedProblem extends Omit<ProblemInput, 'instance' | 'requestId'> {
  headers?: Record<string, string>;
  isServerError: boolean;
}

// Fastify's own errors (thrown before a Nest handler runs), with wording we control.
const FASTIFY_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    detail: "The request body is empty but the content type is 'application/json'.",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    detail: 'The request body is larger than this service accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, detail: 'The request content type is not supported.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    detail: 'The request body length does not match its Content-Length header.',
  },
};

export const INTERNAL_ERROR_DETAIL = 'An unexpected error occurred. Quote the request id when reporting it.';

export function mapException(exception: unknown): MappedProblem {
  if (exception instanceof DomainError) return fromDomainError(exception);
  if (exception instanceof HttpException) return fromHttpException(exception);
  // A route's JSON schema (Fastify) fails the same way as the ValidationPipe: 422 with the field list.
  if (isSchemaValidationError(exception)) {
    return fromDomainError(new ValidationProblemError(schemaFieldErrors(exception.validation)));
  }
  const clientError = fromClientErrorShape(exception);
  if (clientError) return clientError;
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, detail: INTERNAL_ERROR_DETAIL, isServerError: true };
}

function fromDomainError(error: DomainError): MappedProblem {
  return {
    status: error.status,
    code: error.code,
    title: error.title,
    detail: error.detail,
    extensions: error.extensions,
    headers: error.headers,
    isServerError: error.status >= 500,
  };
}

function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const problem: MappedProblem = { status, isServerError: status >= 500 };
  // A plain 500 may wrap anything; other HttpExceptions carry wording chosen for the client.
  if (status === HttpStatus.INTERNAL_SERVER_ERROR) problem.detail = INTERNAL_ERROR_DETAIL;
  else if (typeof message === 'string') problem.detail = message;
  else if (Array.isArray(message)) {
    // Nest's stock pipes answer with a list of messages.
    problem.extensions = {
      errors: message.map((item) => ({ field: '', message: String(item) })),
    };
  }
  return problem;
}

function fromClientErrorShape(exception: unknown): MappedProblem | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, statusCode } = exception as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' ? FASTIFY_ERRORS[code] : undefined;
  if (known) return { status: known.status, detail: known.detail, isServerError: false };
  // Other framework/plugin errors that already declare a 4xx: keep the status, not the wording.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, isServerError: false };
  }
  return undefined;
}
