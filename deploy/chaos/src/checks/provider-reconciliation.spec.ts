import { describe, expect, it } from '@jest/globals';

import { reconcileProvider } from './provider-reconciliation.js';

describe(reconcileProvider.name, () => {
  it('agrees when every charged or declined payment was charged once', () => {
    const sut = reconcileProvider({ a: 1, b: 1 }, [
      { id: 'a', status: 'succeeded', failure_code: null },
      { id: 'b', status: 'failed', failure_code: 'card_declined' },
    ]);
    expect(sut).toEqual({ doubleCharged: [], succeededWithoutCharge: [], chargedButFailed: [], providerCharges: 2, chargedPayments: 2 });
  });

  it('flags a key the provider charged twice', () => {
    expect(reconcileProvider({ a: 2 }, [{ id: 'a', status: 'succeeded', failure_code: null }]).doubleCharged).toEqual(['a']);
  });

  it('flags a succeeded or refunded payment the provider has no charge for', () => {
    const sut = reconcileProvider({}, [{ id: 'r', status: 'refunded', failure_code: null }]);
    expect(sut.succeededWithoutCharge).toEqual(['r']);
  });

  it('flags a charge whose payment was settled as failed without a decline', () => {
    const sut = reconcileProvider({ x: 1 }, [{ id: 'x', status: 'failed', failure_code: 'provider_unavailable' }]);
    expect(sut.chargedButFailed).toEqual(['x']);
  });
});
