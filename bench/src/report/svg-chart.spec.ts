import { describe, expect, it } from '@jest/globals';

import { renderBenchSvg } from './svg-chart.js';

describe(renderBenchSvg.name, () => {
  const sut = renderBenchSvg('bench <run>', [
    { label: 'read', okPerSecond: 500, ceilingPerSecond: 1_000, p50Ms: 3, p99Ms: 12 },
    { label: 'login', okPerSecond: 30 },
  ]);

  it('is one SVG document with an escaped title', () => {
    expect(sut.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(sut.trim().endsWith('</svg>')).toBe(true);
    expect(sut).toContain('bench &lt;run&gt;');
  });

  it('draws the throughput bar at its share of the ceiling, with both figures', () => {
    expect(sut).toContain('width="280.0" height="10" fill="#aaaaaa"');
    expect(sut).toContain('width="140.0" height="12" fill="#2b7a3d"');
    expect(sut).toContain('>1000<');
    expect(sut).toContain('>500<');
  });

  it('puts latency on one axis up to a round maximum, and leaves out what was not measured', () => {
    expect(sut).toContain('latency at half load (0–20 ms)');
    expect(sut).toContain('>12 ms<');
    expect(sut).toContain('>3.0 ms<');
    expect(sut.match(/fill="#1f5fa8"\/>/g)).toHaveLength(1);
  });
});
