import { jestConfig } from '../../jest.preset.js';

export default {
  ...jestConfig({ displayName: 'auth-service', testTimeout: 120_000 }),
  // Quiet logs unless asked for (LOG_LEVEL=info nx test auth-service).
  setupFiles: ['<rootDir>/test/support/quiet-logs.setup.js'],
};
