import { describe, expect, it } from '@jest/globals';

import { parseRateLimits, requestsPerConnection } from './rate-limits.js';

const CONF = `
    limit_req_zone $binary_remote_addr zone=credentials:10m rate=100r/m;
    limit_req_zone $binary_remote_addr zone=api:10m rate=200r/s;
    limit_req_status 429;
        location ~ ^/auth/(login|register|refresh)$ {
            limit_req zone=credentials burst=10 nodelay;
        }
        location /auth/ { limit_req zone=api burst=400 nodelay; }
        location /payments/ { limit_req zone=api burst=300 nodelay; }
`;

describe(parseRateLimits.name, () => {
  it('reads each zone rate per second and the smallest burst used with it', () => {
    const sut = parseRateLimits(CONF);
    expect(sut.credentials.perSecond).toBeCloseTo(100 / 60);
    expect(sut.credentials.burst).toBe(10);
    expect(sut.api).toEqual({ name: 'api', perSecond: 200, burst: 300 });
  });

  it('refuses a limit on an undeclared zone', () => {
    expect(() => parseRateLimits('limit_req zone=ghost burst=1;')).toThrow('ghost');
  });
});

describe(requestsPerConnection.name, () => {
  it('sends exactly the burst from one address, and at least one request', () => {
    expect(requestsPerConnection({ name: 'credentials', perSecond: 1.7, burst: 10 })).toBe(10);
    expect(requestsPerConnection({ name: 'strict', perSecond: 1, burst: 0 })).toBe(1);
    expect(requestsPerConnection(undefined)).toBeUndefined();
  });
});
