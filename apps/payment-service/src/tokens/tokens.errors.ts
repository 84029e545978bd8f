import { DomainError } from '@app/problem-details';

/** No credentials at all: RFC 6750 says answer the challenge without an error code. */
export class MissingTokenError extends DomainError {
  readonly code = 'missing-token';
  readonly title = 'Authentication required';
  readonly status = 401;

  constructor() {
    super('Send an access token as "Authorization: Bearer <token>".', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}

/** Garbage, expired, revoked or forged: the same answer for each, so nothing is learnt from it. */
export class InvalidTokenError extends DomainError {
  readonly code = 'invalid-token';
  readonly title = 'Invalid access token';
  readonly status = 401;

  constructor() {
    super('The access token is malformed, expired, revoked or not ours.', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
}

/** Auth cannot be asked and no signing key is known yet: we cannot tell, so we do not guess. */
export class AuthUnavailableError extends DomainError {
  readonly code = 'auth-unavailable';
  readonly title = 'Authentication temporarily unavailable';
  readonly status = 503;

  constructor() {
    super('Tokens cannot be checked right now; retry shortly.', { headers: { 'Retry-After': '5' } });
  }
}
