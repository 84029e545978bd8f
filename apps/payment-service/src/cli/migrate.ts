import 'reflect-metadata';

import { DatabaseEnv } from '@app/database';
import { loadConfig } from '@app/config';
import { createLogger } from '@app/observability';

import { openPaymentDatabase } from '../database/storage.providers.js';

// One-shot: applies pending migrations on the primary and exits (compose's migration service,
// `nx migrate payment-service`). The database lib serialises concurrent runs with an advisory lock.
const logger = createLogger('migrate');
const { db: env } = loadConfig({ db: DatabaseEnv });
const db = await openPaymentDatabase({ ...env, DB_READER_URLS: [] });
try {
  const applied = await db.runMigrations();
  logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
} finally {
  await db.close();
}
