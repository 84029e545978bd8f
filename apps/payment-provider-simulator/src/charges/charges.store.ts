import { Injectable } from '@nestjs/common';

import { type Charge, type Refund } from './charge.js';

// The provider's ledger, in memory: charges by id and by the key that created them.
@Injectable()
export class ChargesStore {
  private charges = new Map<string, Charge>();
  private chargeIdsByKey = new Map<string, string>();
  private refunds = new Map<string, Refund>();

  addCharge(charge: Charge): void {
    this.charges.set(charge.id, charge);
    this.chargeIdsByKey.set(charge.idempotency_key, charge.id);
  }

  findCharge(id: string): Charge | undefined {
    return this.charges.get(id);
  }

  findChargeByKey(key: string): Charge | undefined {
    const id = this.chargeIdsByKey.get(key);
    return id === undefined ? undefined : this.charges.get(id);
  }

  addRefund(refund: Refund): void {
    this.refunds.set(refund.id, refund);
  }

  reset(): void {
    this.charges = new Map();
    this.chargeIdsByKey = new Map();
    this.refunds = new Map();
  }
}
