import { jestConfig } from '../../jest.preset.js';

const base = jestConfig({ displayName: 'payment-service', testTimeout: 120_000 });

export default {
  ...base,
  // @fastify/static (Swagger UI) require()s the ESM-only content-disposition@3, which Jest on
  // Node < 24.9 cannot load: compile that one package to CommonJS (as libs/server does).
  transform: {
    ...base.transform,
    '/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/content-disposition@|content-disposition/)'],
};
