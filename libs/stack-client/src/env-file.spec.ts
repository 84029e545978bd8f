import { describe, expect, it } from '@jest/globals';

import { parseEnvFile } from './env-file.js';

describe(parseEnvFile.name, () => {
  it('reads KEY=VALUE lines and keeps = inside values', () => {
    expect(parseEnvFile('# ports\nNGINX_HTTP_PORT=8080\n\nKEY_ENCRYPTION_KEY=ab/c+d==\n')).toEqual({
      NGINX_HTTP_PORT: '8080',
      KEY_ENCRYPTION_KEY: 'ab/c+d==',
    });
    expect(parseEnvFile('# ports\nNGINX_HTTPS_PORT=8443\n\nKEY_ENCRYPTION_KEY=abc+/=\nlower=x\n')).toEqual({
      NGINX_HTTPS_PORT: '8443',
      KEY_ENCRYPTION_KEY: 'abc+/=',
    });
  });

  it('skips lines that are not assignments', () => {
    expect(parseEnvFile('export X=1\nlower=2\n')).toEqual({});
  });
});
