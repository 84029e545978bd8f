import { describe, expect, it } from '@jest/globals';

import { parentPidFromStat } from './processes.js';

describe(parentPidFromStat.name, () => {
  it('reads the parent pid after the command name', () => {
    expect(parentPidFromStat('4242 (postgres) S 4200 4242 4242 0 -1')).toBe(4200);
  });

  it('is not fooled by spaces and parentheses inside the command name', () => {
    expect(parentPidFromStat('77 (postgres: walsender (x) ) S 12 77 77 0')).toBe(12);
  });
});
