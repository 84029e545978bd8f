import { Injectable } from '@nestjs/common';

export type ProviderRoute = 'charges' | 'refunds' | 'charge_queries';

// Counts what reached the provider, so tests can prove "never charged twice" and
// "an open breaker sent nothing" from the outside.
@Injectable()
export class StatsService {
  private requests: Record<ProviderRoute, number> = { charges: 0, refunds: 0, charge_queries: 0 };
  private chargesByKey = new Map<string, number>();
  private chargesByReference = new Map<string, number>();
  private refundsCreated = 0;

  countRequest(route: ProviderRoute): void {
    this.requests[route] += 1;
  }

  countCharge(idempotencyKey: string, reference: string | null): void {
    increment(this.chargesByKey, idempotencyKey);
    if (reference !== null) increment(this.chargesByReference, reference);
  }

  countRefund(): void {
    this.refundsCreated += 1;
  }

  snapshot() {
    return {
      requests: { ...this.requests },
      charges_created: sum(this.chargesByKey),
      charges_by_idempotency_key: Object.fromEntries(this.chargesByKey),
      charges_by_reference: Object.fromEntries(this.chargesByReference),
      refunds_created: this.refundsCreated,
    };
  }

  reset(): void {
    this.requests = { charges: 0, refunds: 0, charge_queries: 0 };
    this.chargesByKey = new Map();
    this.chargesByReference = new Map();
    this.refundsCreated = 0;
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
