import { describe, expect, it } from '@jest/globals';

import { toPage } from './page.js';

describe(toPage.name, () => {
  it('has more when the extra row came back, and drops it', () => {
    expect(toPage([1, 2, 3], 2)).toEqual({ object: 'list', data: [1, 2], has_more: true });
  });

  it('has no more when at most limit rows came back', () => {
    expect(toPage([1, 2], 2)).toEqual({ object: 'list', data: [1, 2], has_more: false });
    expect(toPage([], 2)).toEqual({ object: 'list', data: [], has_more: false });
  });
});
