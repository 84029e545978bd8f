import { jestConfig } from '../../jest.preset.js';

const base = jestConfig({ displayName: 'auth-service', testTimeout: 120_000 });

// @fastify/static (Swagger UI assets) require()s the ESM-only content-disposition@3, which Jest
// on Node < 24.9 cannot load: compile that one package to CommonJS (as libs/server does).
export default {
  ...base,
  transform: {
    ...base.transform,
    '/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/content-disposition@|content-disposition/)'],
  // Quiet logs unless asked for (LOG_LEVEL=info nx test auth-service).
  setupFiles: ['<rootDir>/test/support/quiet-logs.setup.js'],
};
