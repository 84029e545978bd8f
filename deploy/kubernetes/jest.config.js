import { jestConfig } from '../../jest.preset.js';

// Renders both overlays with kubectl and checks them offline: seconds, no cluster.
export default jestConfig({ displayName: 'kubernetes' });
