import { describe, expect, it } from '@jest/globals';

import { isBoundedMetadata, METADATA_LIMITS } from './bounded-metadata.validator.js';

describe(isBoundedMetadata.name, () => {
  it('accepts a flat object of short strings', () => {
    expect(isBoundedMetadata({ order: '42', note: '' })).toBe(true);
    expect(isBoundedMetadata({})).toBe(true);
  });

  it('refuses non-objects, arrays and non-string values', () => {
    expect(isBoundedMetadata(null)).toBe(false);
    expect(isBoundedMetadata(['a'])).toBe(false);
    expect(isBoundedMetadata('a')).toBe(false);
    expect(isBoundedMetadata({ n: 1 })).toBe(false);
    expect(isBoundedMetadata({ nested: { a: 'b' } })).toBe(false);
  });

  it('refuses too many keys, long keys and long values', () => {
    const many = Object.fromEntries(Array.from({ length: METADATA_LIMITS.maxKeys + 1 }, (_, i) => [`k${i}`, 'v']));
    expect(isBoundedMetadata(many)).toBe(false);
    expect(isBoundedMetadata({ ['k'.repeat(METADATA_LIMITS.maxKeyLength + 1)]: 'v' })).toBe(false);
    expect(isBoundedMetadata({ k: 'v'.repeat(METADATA_LIMITS.maxValueLength + 1) })).toBe(false);
  });
});
