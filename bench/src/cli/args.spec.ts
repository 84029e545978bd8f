import { describe, expect, it } from '@jest/globals';

import { parseArgs } from './args.js';

describe(parseArgs.name, () => {
  it('defaults to 10 s at saturation, 8 s at half load, 2 s warm-up', () => {
    expect(parseArgs([])).toEqual({ doc: false, up: false, seconds: 10, halfSeconds: 8, warmupSeconds: 2 });
  });

  it('reads --only, --seconds and --label, ignoring the "--" pnpm passes through', () => {
    const sut = parseArgs(['--up', '--', '--only', 'read, create', '--seconds', '5', '--label', 'baseline']);
    expect(sut).toMatchObject({
      up: true,
      only: ['read', 'create'],
      seconds: 5,
      halfSeconds: 4,
      warmupSeconds: 1,
      label: 'baseline',
    });
  });

  it('refuses unknown arguments, missing values and unsafe labels', () => {
    expect(() => parseArgs(['--fast'])).toThrow('unknown argument --fast');
    expect(() => parseArgs(['--seconds'])).toThrow('--seconds needs a value');
    expect(() => parseArgs(['--seconds', '1'])).toThrow('from 2 to 120');
    expect(() => parseArgs(['--label', '../x'])).toThrow('--label');
    expect(() => parseArgs(['--label', 'last-run'])).toThrow('--label');
  });
});
