import { describe, expect, it } from '@jest/globals';

import { type AttemptRecord } from './request-record.js';
import { recoveryOf } from './rto.js';

let opId = 0;
function attempt(op: AttemptRecord['op'], sentMs: number, status: number, latencyMs = 10): AttemptRecord {
  opId += 1;
  const ok = status >= 200 && status < 300;
  return { op, opId, attempt: 1, sentMs, latencyMs, status, ok, final: ok, src: '127.0.0.2' };
}

/** Successful payment creates every 100 ms over [from, to). */
function steadyWrites(from: number, to: number): AttemptRecord[] {
  const out: AttemptRecord[] = [];
  for (let t = from; t < to; t += 100) out.push(attempt('pay', t, 201));
  return out;
}

describe(recoveryOf.name, () => {
  it('is zero when nothing failed and nothing stalled', () => {
    const sut = recoveryOf(steadyWrites(0, 10_000), 'write', 5_000);
    expect(sut).toEqual({ rtoMs: 0, maxGapMs: 100, failedAttempts: 0, recovered: true });
  });

  it('ends at the first success after the last failure, counted from the fault', () => {
    const records = [
      ...steadyWrites(0, 5_000),
      attempt('pay', 5_100, 503), attempt('pay', 8_000, 0), attempt('pay', 12_000, 503),
      ...steadyWrites(12_500, 20_000),
    ];
    const sut = recoveryOf(records, 'write', 5_000);
    expect(sut.rtoMs).toBe(12_510 - 5_000);
    expect(sut.failedAttempts).toBe(3);
    expect(sut.recovered).toBe(true);
  });

  it('counts a stall without errors: requests that hung until the leader came back', () => {
    const records = [...steadyWrites(0, 5_000), attempt('pay', 5_050, 201, 20_000), ...steadyWrites(25_100, 30_000)];
    const sut = recoveryOf(records, 'write', 5_000);
    expect(sut.failedAttempts).toBe(0);
    expect(sut.rtoMs).toBe(25_050 - 5_000);
    expect(sut.maxGapMs).toBe(25_050 - 4_910);
  });

  it('does not call a gap a stall when no request of the class was waiting through it', () => {
    const records = [...steadyWrites(0, 5_000), ...steadyWrites(9_000, 12_000)];
    expect(recoveryOf(records, 'write', 5_000).rtoMs).toBe(0);
  });

  it('does not call the usual spacing of a rare operation a stall', () => {
    const logins = [0, 4_000, 8_000, 12_000, 16_000].map((t) => attempt('login', t, 200));
    expect(recoveryOf(logins, 'login', 10_000).rtoMs).toBe(0);
  });

  it('reports a class still failing at the end as not recovered', () => {
    const records = [...steadyWrites(0, 5_000), attempt('pay', 6_000, 503), attempt('pay', 9_000, 503)];
    expect(recoveryOf(records, 'write', 5_000)).toMatchObject({ recovered: false, rtoMs: 4_010 });
  });

  it('looks only at the requested class: failed logins do not count against writes', () => {
    const records = [...steadyWrites(0, 10_000), attempt('login', 6_000, 503)];
    expect(recoveryOf(records, 'write', 5_000).rtoMs).toBe(0);
    expect(recoveryOf(records, 'login', 5_000).recovered).toBe(false);
  });

  it('ignores failures before the fault', () => {
    const records = [attempt('pay', 1_000, 503), ...steadyWrites(1_100, 10_000)];
    expect(recoveryOf(records, 'write', 5_000)).toMatchObject({ rtoMs: 0, failedAttempts: 0 });
  });
});
