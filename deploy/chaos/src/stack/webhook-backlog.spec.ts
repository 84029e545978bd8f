import { describe, expect, it } from '@jest/globals';

import { parseBacklog, parseDeadLetters } from './webhook-backlog.js';

describe(parseBacklog.name, () => {
  it('reads psql -At rows of status, count and oldest due time', () => {
    expect(parseBacklog('delivered|412|\npending|37|2026-11-22 05:10:00.1+00\ndead|1|\n')).toEqual({ delivered: 412, pending: 37, dead: 1 });
  });

  it('reads an empty table as no deliveries', () => {
    expect(parseBacklog('')).toEqual({});
  });
});

describe(parseDeadLetters.name, () => {
  it('reads the endpoint, why it was disabled (empty when it was not) and the count', () => {
    expect(parseDeadLetters('0193-a|endpoint answered 410 Gone|2\n0193-b||5\n')).toEqual([
      { endpointId: '0193-a', reason: 'endpoint answered 410 Gone', count: 2 },
      { endpointId: '0193-b', reason: '', count: 5 },
    ]);
  });
});
