import { describe, expect, it } from '@jest/globals';

import { renderCommand } from './operator-commands.js';

describe(renderCommand.name, () => {
  it('fills placeholders', () => {
    expect(renderCommand('restart', { name: 'auth-1' })).toBe('./stack restart auth-1');
    expect(renderCommand('switchover', { leader: 1, candidate: 2 })).toContain('--leader node1 --candidate node2 --force');
  });

  it('refuses a missing value', () => {
    expect(() => renderCommand('restart')).toThrow('no value for <name>');
  });

  it('refuses a value that could inject shell', () => {
    expect(() => renderCommand('restart', { name: 'x; rm -rf /' })).toThrow('unsafe value');
  });
});
