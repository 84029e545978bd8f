import { describe, expect, it } from '@jest/globals';

import { subjectOf } from './virtual-user.js';

const jwt = (payload: object): string => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe(subjectOf.name, () => {
  it('reads the subject a payment is stored under', () => {
    expect(subjectOf(jwt({ sub: 'user-1' }))).toBe('user-1');
  });

  it('answers undefined for something that is not a JWT', () => {
    expect(subjectOf('opaque')).toBeUndefined();
    expect(subjectOf('a.!!!.c')).toBeUndefined();
  });
});
