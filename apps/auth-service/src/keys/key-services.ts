import { type Database } from '@app/database';
import { KeyCipher } from '@app/sealing';
import { type AuthConfig } from '../config/auth.config.js';
import { KeyRing } from './key-ring.js';
import { SigningKeysRepository } from './signing-keys.repository.js';
import { SigningKeysService } from './signing-keys.service.js';

export interface KeyServices {
  ring: KeyRing;
  keys: SigningKeysService;
}

/** How long a retired key keeps verifying: a replica may sign with it until its next key refresh. */
export function retiredKeyVerifySeconds(auth: AuthConfig['auth']): number {
  return auth.ACCESS_TOKEN_TTL_SECONDS + auth.SIGNING_KEY_REFRESH_SECONDS + auth.CLOCK_TOLERANCE_SECONDS;
}

/** The ring and the key service over one repository and cipher: KeysModule and the rotate-keys CLI build them here. */
export function createKeyServices(db: Database, auth: AuthConfig['auth']): KeyServices {
  const cipher = new KeyCipher(auth.KEY_ENCRYPTION_KEY);
  const repository = new SigningKeysRepository(db);
  const ring = new KeyRing(repository, cipher, auth.SIGNING_KEY_REFRESH_SECONDS * 1000);
  return { ring, keys: new SigningKeysService(repository, cipher, ring, retiredKeyVerifySeconds(auth)) };
}
