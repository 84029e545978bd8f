import { describe, expect, it } from '@jest/globals';

import { isPlaceholderSecret } from './placeholder-secret.js';

const REAL_KEY = 'q3v1Xo2b3Gq1Sxk3nq8o0mQ9cF2l7pZr5TtYwU4aH0k=';
const ZERO_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

describe(isPlaceholderSecret.name, () => {
  it('knows the placeholders of .env.example and refuses nothing generated', () => {
    expect([ZERO_KEY, 'change-me-redis', 'CHANGEME', '0'.repeat(48)].map(isPlaceholderSecret)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      [REAL_KEY, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c', 'whsec_abc'].map(isPlaceholderSecret),
    ).toEqual([false, false, false]);
  });
});
