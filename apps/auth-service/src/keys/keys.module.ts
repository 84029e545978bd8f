import { Module } from '@nestjs/common';
import { Database } from '@app/database';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG } from '../config/tokens.js';
import { ActiveKeyBootstrap } from './active-key.bootstrap.js';
import { JwksController } from './jwks.controller.js';
import { KeyRing } from './key-ring.js';
import { createKeyServices, type KeyServices } from './key-services.js';
import { SigningKeysService } from './signing-keys.service.js';

const KEY_SERVICES = Symbol('KEY_SERVICES');

/** Signing keys: sealed at rest, published as JWKS, loaded into the ring that signs and verifies. */
@Module({
  controllers: [JwksController],
  providers: [
    { provide: KEY_SERVICES, useFactory: (db: Database, config: AuthConfig) => createKeyServices(db, config.auth), inject: [Database, AUTH_CONFIG] },
    { provide: KeyRing, useFactory: ({ ring }: KeyServices) => ring, inject: [KEY_SERVICES] },
    { provide: SigningKeysService, useFactory: ({ keys }: KeyServices) => keys, inject: [KEY_SERVICES] },
    ActiveKeyBootstrap,
  ],
  exports: [KeyRing],
})
export class KeysModule {}
