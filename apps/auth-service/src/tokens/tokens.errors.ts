import { DomainError } from '@app/problem-details';

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  readonly title = 'Unauthenticated';
  readonly status = 401;

  constructor(detail = 'A valid bearer access token is required.') {
    super(detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}
