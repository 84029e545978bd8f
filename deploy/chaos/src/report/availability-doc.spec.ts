import { describe, expect, it } from '@jest/globals';

import { aScenarioResult } from '../testing/fixtures.js';
import { renderAvailabilityDoc } from './availability-doc.js';
import { type RunResult } from './run-result.js';

function aRun(scenarios = [aScenarioResult()]): RunResult {
  return {
    runId: '2026-11-22T03-00-00', suite: 'all', startedAt: '2026-11-22T03:00:00Z', finishedAt: '2026-11-22T03:30:00Z',
    command: 'pnpm nx run chaos:run', gitCommit: 'abc1234', host: { cpus: 2, node: 'v20.20.2', platform: 'linux' }, scenarios,
  };
}

describe(renderAvailabilityDoc.name, () => {
  it('says it is generated, and from which run', () => {
    const sut = renderAvailabilityDoc(aRun(), 'availability');
    expect(sut.split('\n')[0]).toContain('GENERATED');
    expect(sut).toContain('`2026-11-22T03-00-00`');
    expect(sut).toContain('pnpm nx run chaos:run');
  });

  it('puts the seed claim next to the measured figure', () => {
    const sut = renderAvailabilityDoc(aRun(), 'availability');
    expect(sut).toContain('| instance loss RTO | 1–2 min | 0.0 s (0 failed requests) | [instance-loss](availability/instance-loss.md) |');
    expect(sut).toContain('| database restart/failover RTO | 30–60 s | not measured in this run |');
    expect(sut).toContain('| RPO (acknowledged writes lost) | < 1 s | 0 of 12 acknowledged payments and refunds lost, over 1 faults | all |');
  });

  it('shows when each checked alert went pending, fired and resolved', () => {
    const withAlert = aScenarioResult({
      facts: { 'alert InstanceDown': { alert: 'InstanceDown', activeBeforeFault: false, pendingAfterS: 1.5, firingAfterS: 11.5, lastActiveAfterS: 20, resolved: true } },
      criteria: [{ name: 'alert InstanceDown went off during the fault and resolved after', pass: true, detail: '' }],
    });
    const sut = renderAvailabilityDoc(aRun([withAlert]), 'availability');
    expect(sut).toContain('## Alerts during the faults');
    expect(sut).toContain('| InstanceDown | 1.5 s | 11.5 s | 20.0 s | yes | ✅ |');
    expect(renderAvailabilityDoc(aRun(), 'availability')).not.toContain('## Alerts during the faults');
  });

  it('lists what did not pass, with the failed criteria', () => {
    const failed = aScenarioResult({ name: 'db-leader-loss', title: 'Database leader loss', outcome: 'fail',
      criteria: [{ name: 'writes back within 23.0 s', pass: false, detail: 'RTO 31.0 s' }] });
    const sut = renderAvailabilityDoc(aRun([aScenarioResult(), failed]), 'availability');
    expect(sut).toContain('some scenarios FAILED');
    expect(sut).toContain('- **Database leader loss** (❌ fail): writes back within 23.0 s (RTO 31.0 s)');
  });
});
