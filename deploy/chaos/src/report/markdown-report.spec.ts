import { describe, expect, it } from '@jest/globals';

import { aScenarioResult, cleanChecks } from '../testing/fixtures.js';
import { lostWrites, renderScenarioMarkdown } from './markdown-report.js';

describe(renderScenarioMarkdown.name, () => {
  it('states the verdict, the RTO table and the timeline', () => {
    const sut = renderScenarioMarkdown(aScenarioResult(), 'instance-loss.svg');
    expect(sut).toContain('# Instance loss: ✅ pass');
    expect(sut).toContain('| write | 200 | 0 | 0.0 s |');
    expect(sut).toContain('![throughput, error rate and p99 latency over time, fault shaded](instance-loss.svg)');
  });

  it('marks a failed criterion', () => {
    const s = aScenarioResult({ outcome: 'fail', criteria: [{ name: '0 acknowledged writes lost', pass: false, detail: 'missing 1' }] });
    expect(renderScenarioMarkdown(s, undefined)).toContain('| 0 acknowledged writes lost | **FAIL** | missing 1 |');
  });

  it('explains a scenario that could not run instead of showing empty figures', () => {
    const s = aScenarioResult({ outcome: 'not-runnable', reason: 'no webhook endpoint', measurements: undefined, checks: undefined, criteria: [] });
    const sut = renderScenarioMarkdown(s, undefined);
    expect(sut).toContain('⏸ not yet runnable');
    expect(sut).toContain('**Note:** no webhook endpoint');
    expect(sut).not.toContain('| class |');
  });
});

describe(lostWrites.name, () => {
  it('adds lost payments, lost refunds and payments stored with another amount', () => {
    expect(lostWrites(aScenarioResult({ checks: cleanChecks({ lostPayments: ['a'], lostRefunds: ['b'], alteredPayments: ['c'] }) }))).toBe(3);
  });
});
