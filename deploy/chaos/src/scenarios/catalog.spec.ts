import { createHmac } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { selectScenarios, signPspWebhook } from './catalog.js';

describe(selectScenarios.name, () => {
  it('runs the CI subset the issue names', () => {
    expect(selectScenarios('ci').map((s) => s.name)).toEqual(['instance-loss', 'redis-master-loss', 'db-leader-loss', 'webhook-storm']);
  });

  it('runs every scenario in the full suite, the whole-stack crash last', () => {
    const sut = selectScenarios('all');
    expect(sut).toHaveLength(14);
    expect(sut.at(-1)?.name).toBe('whole-stack-crash');
  });

  it('refuses an unknown scenario name, listing the known ones', () => {
    expect(() => selectScenarios('all', ['nope'])).toThrow('unknown scenario(s): nope; known: instance-loss');
  });
});

describe(signPspWebhook.name, () => {
  it('signs "{timestamp}.{body}" with HMAC-SHA256 as payment-service verifies it', () => {
    const expected = createHmac('sha256', 's3cret').update('1700000000.{"id":"evt_1"}').digest('hex');
    expect(signPspWebhook('s3cret', '{"id":"evt_1"}', 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });
});
