import 'reflect-metadata';

import { DatabaseEnv } from '@app/database';
import { loadConfig } from '@app/config';
import { createLogger } from '@app/observability';

import { openPaymentDatabase } from '../database/storage.providers.js';
import { resealWebhookSecrets } from '../webhooks/endpoints/reseal-webhook-secrets.js';
import { WebhookSecrets } from '../webhooks/endpoints/webhook-secrets.js';
import { webhookSettingsFromEnv, WebhooksEnv } from '../webhooks/webhooks.env.js';

// One-shot: applies pending migrations on the primary and exits (compose's migration service,
// `nx migrate payment-service`). The database lib serialises concurrent runs with an advisory lock.
// Then seals merchant webhook secrets that older releases stored as plain text (ADR 0008).
const logger = createLogger('migrate');
const { db: env, webhooks } = loadConfig({ db: DatabaseEnv, webhooks: WebhooksEnv });
const db = await openPaymentDatabase({ ...env, DB_READER_URLS: [] });
try {
  const applied = await db.runMigrations();
  logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
  const secrets = WebhookSecrets.fromKeys(webhookSettingsFromEnv(webhooks).keyEncryptionKeys);
  const sealed = await resealWebhookSecrets(db.writer, secrets);
  if (sealed.resealed > 0) logger.info(sealed, 'webhook secrets sealed');
} finally {
  await db.close();
}
