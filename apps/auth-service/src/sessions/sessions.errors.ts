import { DomainError } from '@app/problem-details';

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
