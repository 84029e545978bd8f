// One Jest setup for every project: native ESM (NestJS 12 is ESM-only) transpiled by swc.
// Workspace libs resolve to their TypeScript source so tests never need a prior build.
export function jestConfig({
  displayName,
  testMatch = ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout = 30_000,
}) {
  return {
    displayName,
    testEnvironment: 'node',
    testMatch,
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: {
      '^@app/([a-z-]+)$': '<rootDir>/../../libs/$1/src/index.ts',
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            // Both are required: without decoratorMetadata Nest boots but injects undefined.
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'es6' },
        },
      ],
      // @fastify/static (Swagger UI assets) require()s the ESM-only content-disposition@3. Node runs that
      // natively, Jest on Node < 24.9 cannot: compile that one package to CommonJS for the tests.
      '/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/content-disposition@|content-disposition/)'],
    testTimeout,
    reporters: ['default', ['<rootDir>/../../tools/jest-results-reporter.js', { project: displayName }]],
  };
}
