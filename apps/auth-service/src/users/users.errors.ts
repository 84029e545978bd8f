import { DomainError } from '@app/problem-details';

export class EmailTakenError extends DomainError {
  readonly code = 'email-taken';
  readonly title = 'Email already registered';
  readonly status = 409;
}
