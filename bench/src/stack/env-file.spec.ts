import { describe, expect, it } from '@jest/globals';

import { parseEnvFile } from './env-file.js';

describe(parseEnvFile.name, () => {
  it('reads KEY=VALUE lines, keeping "=" inside values and skipping comments', () => {
    expect(parseEnvFile('# ports\nNGINX_HTTPS_PORT=8443\n\nKEY_ENCRYPTION_KEY=abc+/=\nlower=x\n')).toEqual({
      NGINX_HTTPS_PORT: '8443',
      KEY_ENCRYPTION_KEY: 'abc+/=',
    });
  });
});
