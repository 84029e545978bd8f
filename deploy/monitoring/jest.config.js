import { jestConfig } from '../../jest.preset.js';

// promtool and amtool (Debian's prometheus packages) check the files; each call takes well under a second.
export default jestConfig({ displayName: 'monitoring', testTimeout: 30_000 });
