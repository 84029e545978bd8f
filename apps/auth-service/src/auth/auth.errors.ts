import { DomainError } from '@app/problem-details';

export class EmailTakenError extends DomainError {
  readonly code = 'email-taken';
  readonly title = 'Email already registered';
  readonly status = 409;
}

/** One answer for unknown email and wrong password, so accounts cannot be enumerated. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'invalid-credentials';
  readonly title = 'Invalid credentials';
  readonly status = 401;

  constructor() {
    super('The email or password is incorrect.');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  readonly code = 'invalid-refresh-token';
  readonly title = 'Invalid refresh token';
  readonly status = 401;

  constructor() {
    super('The refresh token is unknown, expired, revoked or already used.');
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  readonly title = 'Unauthenticated';
  readonly status = 401;

  constructor(detail = 'A valid bearer access token is required.') {
    super(detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'too-many-attempts';
  readonly title = 'Too many failed attempts';
  readonly status = 429;

  constructor(retryAfterSeconds: number) {
    super(`Try again in ${retryAfterSeconds} seconds.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export class IntrospectionClientError extends DomainError {
  readonly code = 'invalid-client';
  readonly title = 'Client authentication failed';
  readonly status = 401;

  constructor() {
    super('Introspection callers authenticate with HTTP Basic service credentials.', {
      headers: { 'WWW-Authenticate': 'Basic realm="introspection"' },
    });
  }
}
