import { ConfigError, loadConfig } from '@app/config';
import { describe, expect, it } from '@jest/globals';

import { PspEnv, pspOptionsFromEnv } from './psp.env.js';

describe(PspEnv.name, () => {
  it('needs PSP_URL and defaults the timeout to 2 s', () => {
    const { psp } = loadConfig({ psp: PspEnv }, { PSP_URL: 'http://127.0.0.1:4010' });

    expect(pspOptionsFromEnv(psp)).toEqual({
      baseUrl: 'http://127.0.0.1:4010',
      timeoutMs: 2_000,
      breakerResetMs: 10_000,
    });
    expect(() => loadConfig({ psp: PspEnv }, {})).toThrow(ConfigError);
  });
});
