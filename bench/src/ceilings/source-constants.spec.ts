import { describe, expect, it } from '@jest/globals';

import { argon2ParamsFromSource, numericFieldDefault } from './source-constants.js';

describe(argon2ParamsFromSource.name, () => {
  it('reads the parameters from the hasher source, separators and all', () => {
    const source = `// OWASP
export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const OTHER = { memoryCost: 1 };`;
    expect(argon2ParamsFromSource(source, 'OWASP_ARGON2ID')).toEqual({
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
  });

  it('fails when the constant is gone or incomplete, rather than guess', () => {
    expect(() => argon2ParamsFromSource('export const X = {};', 'OWASP_ARGON2ID')).toThrow(
      'no OWASP_ARGON2ID',
    );
    expect(() =>
      argon2ParamsFromSource('const OWASP_ARGON2ID = { memoryCost: 5, timeCost: 2 };', 'OWASP_ARGON2ID'),
    ).toThrow('parallelism');
  });
});

describe(numericFieldDefault.name, () => {
  it('reads the default of a typed config field', () => {
    const source =
      '  @IsInt()\n  DB_POOL_MAX: number = 10;\n  READ_YOUR_WRITES_WINDOW_MS: number = 10_000;\n';
    expect(numericFieldDefault(source, 'DB_POOL_MAX')).toBe(10);
    expect(numericFieldDefault(source, 'READ_YOUR_WRITES_WINDOW_MS')).toBe(10_000);
    expect(() => numericFieldDefault(source, 'DB_POOL')).toThrow('DB_POOL');
  });
});
