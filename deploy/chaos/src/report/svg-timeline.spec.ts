import { describe, expect, it } from '@jest/globals';

import { type TimelinePoint } from '../load/timeline.js';
import { renderTimelineSvg } from './svg-timeline.js';

function point(t: number, ok: number, errors: number, p99Ms: number | null): TimelinePoint {
  return { t, attempts: ok + errors, ok, errors, sent: ok + errors, p99Ms };
}

describe(renderTimelineSvg.name, () => {
  const points = [point(0, 50, 0, 20), point(1000, 10, 40, 900), point(2000, 0, 0, null), point(3000, 50, 0, 25)];
  const sut = renderTimelineSvg({ title: 'DB leader loss <run 1>', points, faultMs: 1000, faultEndMs: 2500 });

  it('is one SVG document with the three panels', () => {
    expect(sut.startsWith('<svg')).toBe(true);
    expect(sut.trim().endsWith('</svg>')).toBe(true);
    for (const label of ['throughput', 'error rate', 'p99 latency']) expect(sut).toContain(label);
  });

  it('marks the fault window', () => {
    expect(sut).toContain('fill="#f5b041"');
    expect(sut).toContain('>fault<');
  });

  it('breaks the latency line where nothing answered instead of drawing a zero', () => {
    const latencyPath = [...sut.matchAll(/<path d="([^"]+)"[^>]*stroke="#1f5fa8"/g)][0][1];
    expect(latencyPath.match(/M/g)).toHaveLength(2);
  });

  it('escapes the title', () => {
    expect(sut).toContain('DB leader loss &lt;run 1&gt;');
  });
});
