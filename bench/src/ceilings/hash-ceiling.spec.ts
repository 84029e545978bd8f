import { describe, expect, it } from '@jest/globals';

import { threadPoolSize } from './hash-ceiling.js';

describe(threadPoolSize.name, () => {
  it("uses the service's UV_THREADPOOL_SIZE, and libuv's default when it has none", () => {
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(threadPoolSize({})).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'lots' })).toBe(4);
  });
});
