import { jestConfig } from '../../jest.preset.js';

// The stack test starts the whole system (minutes); the static checks take seconds.
export default jestConfig({ displayName: 'local-stack', testTimeout: 120_000 });
