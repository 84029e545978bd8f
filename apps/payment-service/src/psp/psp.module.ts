import { loadConfig } from '@app/config';
import { type DynamicModule, Module } from '@nestjs/common';

import { PspClient } from './psp.client.js';
import { PSP_OPTIONS } from './psp.constants.js';
import { PspEnv, type PspOptions, pspOptionsFromEnv } from './psp.env.js';

@Module({})
export class PspModule {
  /** Without options it reads PSP_URL, PSP_TIMEOUT_MS and PSP_BREAKER_RESET_MS from the environment. */
  static forRoot(options?: PspOptions): DynamicModule {
    return {
      module: PspModule,
      providers: [
        options === undefined
          ? { provide: PSP_OPTIONS, useFactory: () => pspOptionsFromEnv(loadConfig({ psp: PspEnv }).psp) }
          : { provide: PSP_OPTIONS, useValue: options },
        PspClient,
      ],
      exports: [PspClient],
    };
  }
}
