import { describe, expect, it } from '@jest/globals';

import { escapeXml, niceMax } from './svg-text.js';

describe(niceMax.name, () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([7, 12, 13, 22, 24, 40, 42, 101, 0.3].map(niceMax)).toEqual([
      10, 20, 20, 25, 25, 50, 50, 200, 0.5,
    ]);
  });

  it('gives 1 when there is nothing to scale', () => {
    expect([0, -5, Number.NaN].map(niceMax)).toEqual([1, 1, 1]);
  });
});

describe(escapeXml.name, () => {
  it('escapes markup characters and double quotes', () => {
    expect(escapeXml('a & "b" <c>')).toBe('a &amp; &quot;b&quot; &lt;c&gt;');
  });
});
