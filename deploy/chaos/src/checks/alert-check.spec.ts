import { describe, expect, it } from '@jest/globals';

import { alertCourse, alertCriterion } from './alert-check.js';

const FAULT = 1_000;
const series = (alertstate: string, times: number[]) => ({ metric: { alertname: 'InstanceDown', alertstate }, values: times.map((t) => [t, '1'] as [number, string]) });

describe(alertCourse.name, () => {
  it('reports when the alert went pending and firing, relative to the fault', () => {
    const sut = alertCourse('InstanceDown', [series('pending', [1002, 1003, 1004]), series('firing', [1005, 1006])], FAULT, true);

    expect(sut).toEqual({ alert: 'InstanceDown', activeBeforeFault: false, pendingAfterS: 2, firingAfterS: 5, lastActiveAfterS: 6, resolved: true });
    expect(alertCriterion(sut).pass).toBe(true);
  });

  it('passes on pending alone: a fault shorter than the rule’s for: still sets it off', () => {
    const sut = alertCourse('InstanceDown', [series('pending', [1001.5])], FAULT, true);

    expect(alertCriterion(sut)).toMatchObject({ pass: true, detail: expect.stringContaining('pending 1.5 s after the fault') });
  });

  it('fails when the alert never went off', () => {
    expect(alertCriterion(alertCourse('InstanceDown', [], FAULT, true)).pass).toBe(false);
  });

  it('fails when the alert has not resolved', () => {
    expect(alertCriterion(alertCourse('InstanceDown', [series('firing', [1003])], FAULT, false)).pass).toBe(false);
  });

  it('fails when the alert was already active before the fault', () => {
    const sut = alertCourse('InstanceDown', [series('firing', [995, 996, 997, 998, 999, 1000, 1001])], FAULT, true);

    expect(sut.activeBeforeFault).toBe(true);
    expect(alertCriterion(sut).pass).toBe(false);
  });

  it('ignores an alert of another target that went off and ended well before the fault', () => {
    const sut = alertCourse('InstanceDown', [series('pending', [986, 987, 988]), series('pending', [1002, 1003])], FAULT, true);

    expect(sut).toMatchObject({ activeBeforeFault: false, pendingAfterS: 2, lastActiveAfterS: 3 });
    expect(alertCriterion(sut).pass).toBe(true);
  });
});
