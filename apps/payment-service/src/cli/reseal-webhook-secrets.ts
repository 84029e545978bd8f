import 'reflect-metadata';

import { DatabaseEnv } from '@app/database';
import { loadConfig } from '@app/config';
import { createLogger } from '@app/observability';

import { openPaymentDatabase } from '../database/storage.providers.js';
import { resealWebhookSecrets } from '../webhooks/endpoints/reseal-webhook-secrets.js';
import { WebhookSecrets } from '../webhooks/endpoints/webhook-secrets.js';
import { webhookSettingsFromEnv, WebhooksEnv } from '../webhooks/webhooks.env.js';

// One-shot, after KEY_ENCRYPTION_KEY changed (deploy/runbooks/webhook-secret-key-rotation.md):
// with the new key in KEY_ENCRYPTION_KEY and the old one in KEY_ENCRYPTION_KEY_PREVIOUS, seals
// every merchant webhook secret under the new key. `nx reseal-webhook-secrets payment-service`.
const logger = createLogger('reseal-webhook-secrets');
const { db: env, webhooks } = loadConfig({ db: DatabaseEnv, webhooks: WebhooksEnv });
const db = await openPaymentDatabase({ ...env, DB_READER_URLS: [] });
try {
  const secrets = WebhookSecrets.fromKeys(webhookSettingsFromEnv(webhooks).keyEncryptionKeys);
  const result = await resealWebhookSecrets(db.writer, secrets);
  logger.info(result, 'webhook secrets sealed under the current key');
} finally {
  await db.close();
}
