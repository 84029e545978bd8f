import { DomainError, type DomainErrorOptions } from '@app/problem-details';

/** Nothing was sent: the breaker is open or the provider refused the connection. Safe to retry later. */
export class PspUnavailableError extends DomainError {
  readonly code = 'provider-unavailable';
  readonly title = 'Payment provider unavailable';
  readonly status = 503;

  constructor(
    readonly retryAfterSeconds: number,
    opts: DomainErrorOptions = {},
  ) {
    super('The payment provider cannot be reached right now; retry with the same Idempotency-Key.', {
      ...opts,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/**
 * The request may have reached the provider but its answer is unknown (timeout, connection
 * reset, 5xx). Do not charge again under a new key: settle it by `findChargeByKey`.
 */
export class PspOutcomeUnknownError extends DomainError {
  readonly code = 'provider-outcome-unknown';
  readonly title = 'Payment provider outcome unknown';
  readonly status = 502;
}

/** The provider refused the request itself (4xx other than a decline): retrying will not help. */
export class PspRejectedError extends DomainError {
  readonly code = 'provider-rejected';
  readonly title = 'Rejected by the payment provider';
  readonly status = 422;

  constructor(
    readonly providerStatus: number,
    readonly providerCode: string,
    detail: string,
  ) {
    super(detail, { extensions: { provider_code: providerCode } });
  }
}
