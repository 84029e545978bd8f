import { jestConfig } from '../jest.preset.js';

// The preset assumes a project two levels deep (apps/<name>, deploy/<name>); bench sits at the root.
const base = jestConfig({ displayName: 'bench' });
export default {
  ...base,
  moduleNameMapper: { ...base.moduleNameMapper, '^@app/([a-z-]+)$': '<rootDir>/../libs/$1/src/index.ts' },
  reporters: ['default', ['<rootDir>/../tools/jest-results-reporter.js', { project: 'bench' }]],
};
