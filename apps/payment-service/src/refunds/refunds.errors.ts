import { DomainError } from '@app/problem-details';

export class RefundNotFoundError extends DomainError {
  readonly code = 'refund-not-found';
  readonly title = 'Refund not found';
  readonly status = 404;
  constructor() {
    super('No refund with this id exists for the authenticated user.');
  }
}

export class RefundExceedsCapturedError extends DomainError {
  readonly code = 'refund-exceeds-captured';
  readonly title = 'Refund exceeds the captured amount';
  readonly status = 409;
  constructor(remaining: number) {
    super(`At most ${remaining} (minor units) of this payment can still be refunded.`, {
      extensions: { refundable_amount: remaining },
    });
  }
}

export class PaymentNotRefundableError extends DomainError {
  readonly code = 'payment-not-refundable';
  readonly title = 'Payment cannot be refunded';
  readonly status = 409;
  constructor(status: string) {
    super(`Only succeeded or partially refunded payments can be refunded; this one is ${status}.`);
  }
}
