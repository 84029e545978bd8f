/** Outcome of comparing what the provider charged with what the database says. */
export interface ProviderReconciliation {
  /** Payment ids the provider charged more than once. */
  doubleCharged: string[];
  /** Payments the database calls succeeded (or refunded) that the provider never charged. */
  succeededWithoutCharge: string[];
  /** Charges of this run whose payment the database has settled as a charge-less failure. */
  chargedButFailed: string[];
  providerCharges: number;
  chargedPayments: number;
}

export interface StoredPayment {
  id: string;
  status: string;
  failure_code: string | null;
}

const CHARGED_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

/**
 * The provider charges once per idempotency key (our payment id), declines included. So every
 * key's count must be 1, every succeeded payment must have one, and the provider's total must equal
 * the payments that reached it: charged ones plus declines.
 */
export function reconcileProvider(chargesByKey: Record<string, number>, payments: readonly StoredPayment[]): ProviderReconciliation {
  const doubleCharged = Object.entries(chargesByKey).filter(([, n]) => n > 1).map(([k]) => k);
  const succeededWithoutCharge = payments.filter((p) => CHARGED_STATUSES.has(p.status) && !(p.id in chargesByKey)).map((p) => p.id);
  const chargedButFailed = payments
    .filter((p) => p.id in chargesByKey && p.status === 'failed' && p.failure_code !== 'card_declined')
    .map((p) => p.id);
  const reached = payments.filter((p) => CHARGED_STATUSES.has(p.status) || (p.status === 'failed' && p.failure_code === 'card_declined'));
  return {
    doubleCharged,
    succeededWithoutCharge,
    chargedButFailed,
    providerCharges: Object.values(chargesByKey).reduce((a, b) => a + b, 0),
    chargedPayments: reached.length,
  };
}
