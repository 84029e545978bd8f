import { describe, expect, it } from '@jest/globals';

import { aScenarioResult, cleanChecks } from '../testing/fixtures.js';
import { allPass, dataCriteria, loadKeptGoing, noFailedKinds, recoveredWithin, type Evidence } from './criteria.js';

function evidence(overrides: Partial<Evidence> = {}): Evidence {
  const s = aScenarioResult();
  return { m: s.measurements!, checks: cleanChecks(), facts: {}, ...overrides };
}

describe(dataCriteria.name, () => {
  it('passes clean data', () => {
    expect(allPass(dataCriteria(evidence()))).toBe(true);
  });

  it('fails on one lost acknowledged payment', () => {
    const sut = dataCriteria(evidence({ checks: cleanChecks({ lostPayments: ['p1'] }) }));
    expect(sut.find((c) => c.name === '0 acknowledged writes lost')?.pass).toBe(false);
  });

  it('fails when the provider charged a key twice', () => {
    const checks = cleanChecks();
    if (!('skipped' in checks.provider)) checks.provider.doubleCharged = ['p1'];
    expect(allPass(dataCriteria(evidence({ checks })))).toBe(false);
  });

  it('fails when the provider count differs from the charged payments', () => {
    const checks = cleanChecks();
    if (!('skipped' in checks.provider)) checks.provider.providerCharges = 10;
    expect(allPass(dataCriteria(evidence({ checks })))).toBe(false);
  });

  it('leaves the provider out when its counters were lost', () => {
    const sut = dataCriteria(evidence({ checks: cleanChecks({ provider: { skipped: 'restarted' } }) }));
    expect(sut.map((x) => x.name).filter((n) => n.startsWith('provider'))).toEqual([]);
  });

  it('fails when a settled payment has no outbox event', () => {
    const sut = dataCriteria(evidence({ checks: cleanChecks({ outbox: { paymentsWithoutEvent: ['p1'], refundsWithoutEvent: [] } }) }));
    expect(sut.find((x) => x.name === 'an outbox event for every settled state')?.pass).toBe(false);
  });
});

describe(loadKeptGoing.name, () => {
  it('fails a scenario whose load went silent during the fault', () => {
    const e = evidence();
    expect(loadKeptGoing({ ...e, m: { ...e.m, minActiveDuringFault: 0 } }).pass).toBe(false);
  });
});

describe(recoveredWithin.name, () => {
  it('fails when the RTO is over the limit', () => {
    const e = evidence();
    const m = { ...e.m, recovery: { ...e.m.recovery, write: { rtoMs: 30_000, maxGapMs: 30_000, failedAttempts: 9, recovered: true } } };
    expect(recoveredWithin({ ...e, m }, 'write', 23_000).pass).toBe(false);
    expect(recoveredWithin({ ...e, m }, 'write', 31_000).pass).toBe(true);
  });
});

describe(noFailedKinds.name, () => {
  it('looks only at the named operation kinds', () => {
    const e = evidence();
    const m = { ...e.m, failures: { 'login:503': 4 } };
    expect(noFailedKinds({ ...e, m }, ['pay', 'refund'], 'payment requests').pass).toBe(true);
    expect(noFailedKinds({ ...e, m }, ['login'], 'logins').pass).toBe(false);
  });
});
