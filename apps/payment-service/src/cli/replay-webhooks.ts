import 'reflect-metadata';
import { parseArgs } from 'node:util';

import { loadConfig } from '@app/config';
import { DatabaseEnv } from '@app/database';
import { createLogger } from '@app/observability';

import { openPaymentDatabase } from '../database/storage.providers.js';
import { isUuid } from '../shared/uuid-v7.js';
import { WebhookDeliveriesRepository } from '../webhooks/outbound/webhook-deliveries.repository.js';

// Operator tool: puts dead-lettered webhook deliveries back in the queue with a fresh retry
// schedule; the relays on the running replicas send them (same event, same `webhook-id`).
//   nx run payment-service:replay-webhooks                   every dead delivery
//   nx run payment-service:replay-webhooks --endpoint=<id>   one endpoint's
//   nx run payment-service:replay-webhooks --delivery=<id>   one delivery
const logger = createLogger('replay-webhooks');
const { values } = parseArgs({
  options: { endpoint: { type: 'string' }, delivery: { type: 'string' } },
  strict: true,
});
for (const [name, value] of Object.entries(values)) {
  if (value !== undefined && !isUuid(value)) throw new Error(`--${name} must be a UUID`);
}
const { db: env } = loadConfig({ db: DatabaseEnv });
const db = await openPaymentDatabase({ ...env, DB_READER_URLS: [] });
try {
  const replayed = await new WebhookDeliveriesRepository().replayDead(db.writer, {
    endpointId: values.endpoint,
    deliveryId: values.delivery,
  });
  logger.info({ replayed: replayed.length, delivery_ids: replayed }, 'dead webhook deliveries queued again');
} finally {
  await db.close();
}
