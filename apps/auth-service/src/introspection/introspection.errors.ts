import { DomainError } from '@app/problem-details';

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
