import { describe, expect, it } from '@jest/globals';

import { settleCharge } from './charge-settlement.js';

describe(settleCharge.name, () => {
  it('settles a processing payment as succeeded with the charge id', () => {
    expect(settleCharge('processing', { outcome: 'succeeded', chargeId: 'ch_1' })).toEqual({
      status: 'succeeded',
      providerChargeId: 'ch_1',
    });
  });

  it('settles a decline as failed with its failure code', () => {
    expect(settleCharge('processing', { outcome: 'declined', chargeId: 'ch_2', failureCode: 'card_declined' })).toEqual({
      status: 'failed',
      providerChargeId: 'ch_2',
      failureCode: 'card_declined',
    });
  });

  it('fails a payment the provider rejected outright, without a charge id', () => {
    expect(settleCharge('processing', { outcome: 'rejected', failureCode: 'parameter_invalid' })).toEqual({
      status: 'failed',
      failureCode: 'parameter_invalid',
    });
  });

  it('changes nothing when the outcome is unknown', () => {
    expect(settleCharge('processing', { outcome: 'unknown' })).toBeUndefined();
  });

  it('never re-settles a payment that is already settled', () => {
    expect(settleCharge('failed', { outcome: 'succeeded', chargeId: 'ch_3' })).toBeUndefined();
    expect(settleCharge('succeeded', { outcome: 'declined', chargeId: 'ch_3', failureCode: 'x' })).toBeUndefined();
    expect(settleCharge('refunded', { outcome: 'succeeded', chargeId: 'ch_3' })).toBeUndefined();
  });
});
