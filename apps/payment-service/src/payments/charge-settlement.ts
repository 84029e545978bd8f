import { type ChargeResult } from '../provider/provider.port.js';
import { canTransition, type PaymentStatus } from './payment-status.js';
import { type PaymentChange } from './payments.repository.js';

/** What the provider said about a charge (PspClient.charge / findChargeByKey), or that nobody knows. */
export type ChargeOutcome = ChargeResult | { outcome: 'rejected'; failureCode: string } | { outcome: 'unknown' };

/**
 * The change a provider answer makes to a payment, or none: an unknown outcome changes nothing,
 * and a payment that is already settled (by the reconciler or a racing retry) is never re-settled.
 */
export function settleCharge(current: PaymentStatus, answer: ChargeOutcome): PaymentChange | undefined {
  switch (answer.outcome) {
    case 'unknown':
      return undefined;
    case 'succeeded':
      return canTransition(current, 'succeeded') ? { status: 'succeeded', providerChargeId: answer.chargeId } : undefined;
    case 'declined':
      return canTransition(current, 'failed')
        ? { status: 'failed', providerChargeId: answer.chargeId, failureCode: answer.failureCode }
        : undefined;
    case 'rejected':
      // The provider refused the request itself (e.g. an unknown payment method): nothing was charged.
      return canTransition(current, 'failed') ? { status: 'failed', failureCode: answer.failureCode } : undefined;
  }
}
