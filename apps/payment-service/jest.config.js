import { jestConfig } from '../../jest.preset.js';

export default jestConfig({ displayName: 'payment-service', testTimeout: 120_000 });
