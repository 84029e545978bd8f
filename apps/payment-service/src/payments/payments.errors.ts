import { DomainError } from '@app/problem-details';

export class PaymentNotFoundError extends DomainError {
  readonly code = 'payment-not-found';
  readonly title = 'Payment not found';
  readonly status = 404;
  constructor() {
    super('No payment with this id exists for the authenticated user.');
  }
}

