import 'reflect-metadata';
import { parseArgs } from 'node:util';

import { loadConfig } from '@app/config';
import { DatabaseEnv } from '@app/database';
import { createLogger } from '@app/observability';

import { openPaymentDatabase } from '../database/storage.providers.js';
import { isUuid } from '../shared/uuid-v7.js';
import { WebhookEndpointsRepository } from '../webhooks/endpoints/webhook-endpoints.repository.js';
import { WebhookDeliveriesRepository } from '../webhooks/outbound/webhook-deliveries.repository.js';

// Operator tool for the webhook backlog (deploy/runbooks/webhook-backlog.md). Puts dead-lettered
// deliveries back in the queue with a fresh retry schedule; the relays on the running replicas send
// them (same event, same `webhook-id`). Needs DB_WRITER_URL.
//   replay-webhooks                                every dead delivery
//   replay-webhooks --endpoint=<id>                one endpoint's
//   replay-webhooks --delivery=<id>                one delivery
//   replay-webhooks --endpoint=<id> --enable       first enable the endpoint again after a 410 disabled it
//   replay-webhooks [--endpoint=<id>] --now        also send pending deliveries now, not at their next retry
const logger = createLogger('replay-webhooks');
const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    delivery: { type: 'string' },
    enable: { type: 'boolean', default: false },
    now: { type: 'boolean', default: false },
  },
  strict: true,
});
for (const name of ['endpoint', 'delivery'] as const) {
  const value = values[name];
  if (value !== undefined && !isUuid(value)) throw new Error(`--${name} must be a UUID`);
}
if (values.enable && values.endpoint === undefined) throw new Error('--enable needs --endpoint=<id>');

const { db: env } = loadConfig({ db: DatabaseEnv });
const db = await openPaymentDatabase({ ...env, DB_READER_URLS: [] });
try {
  const filter = { endpointId: values.endpoint, deliveryId: values.delivery };
  const enabled =
    values.enable && values.endpoint !== undefined
      ? await new WebhookEndpointsRepository().enable(db.writer, values.endpoint)
      : false;
  const deliveries = new WebhookDeliveriesRepository();
  const replayed = await deliveries.replayDead(db.writer, filter);
  const dueNow = values.now ? await deliveries.retryPendingNow(db.writer, filter) : [];
  logger.info(
    { endpoint_enabled: enabled, replayed: replayed.length, pending_due_now: dueNow.length, delivery_ids: replayed },
    'webhook deliveries queued again',
  );
} finally {
  await db.close();
}
