import { loadAuthCliConfig } from '../config/auth.config.js';
import { openAuthDatabase } from '../database/storage.providers.js';
import { createKeyServices } from '../keys/key-services.js';
import { type RotationResult } from '../keys/signing-keys.service.js';

/**
 * Makes a new signing key active; the old one keeps verifying until every token it signed has
 * expired (then a later rotation drops it).
 */
export async function rotateKeys(env: NodeJS.ProcessEnv = process.env): Promise<RotationResult> {
  const config = loadAuthCliConfig(env);
  const db = await openAuthDatabase(config);
  try {
    return await createKeyServices(db, config.auth).keys.rotate();
  } finally {
    await db.close();
  }
}
