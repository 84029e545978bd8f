import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createLogger } from '@app/observability';
import { KeyRing } from './key-ring.js';
import { SigningKeysService } from './signing-keys.service.js';

/** Keys ready before traffic: the first key on a fresh database, and the ring loaded. */
@Injectable()
export class ActiveKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = createLogger('auth');

  constructor(
    private readonly keys: SigningKeysService,
    private readonly ring: KeyRing,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.keys.ensureActiveKey()) this.logger.info({ msg: 'created the first signing key' });
    await this.ring.signingKey();
  }
}
