import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { IntervalJob } from '../shared/interval-job.js';
import { PspWebhooksRepository } from './inbound/psp-webhooks.repository.js';
import { WebhookDeliveriesRepository } from './outbound/webhook-deliveries.repository.js';
import { WebhookSettings } from './webhook-settings.js';

const PURGE_BATCH = 1_000;

/**
 * Forgets provider event ids past their retention (≥ 3 days, the provider's retry horizon) and
 * outbox events past theirs once every delivery of them has succeeded (dead ones wait for replay).
 */
@Injectable()
export class WebhooksPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('webhooks-purge');
  private readonly job: IntervalJob;

  constructor(
    private readonly db: Database,
    private readonly inbound: PspWebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly settings: WebhookSettings,
  ) {
    this.job = new IntervalJob('webhooks-purge', settings.purgeIntervalMs, () => this.purge(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async purge(): Promise<{ inbound: number; outbox: number }> {
    const inbound = await this.inBatches((em) =>
      this.inbound.deleteOlderThan(em, this.settings.pspRetentionSeconds, PURGE_BATCH),
    );
    const outbox = await this.inBatches((em) =>
      this.deliveries.deleteSettledEventsOlderThan(em, this.settings.outboxRetentionSeconds, PURGE_BATCH),
    );
    if (inbound + outbox > 0) this.logger.info({ inbound, outbox }, 'purged expired webhook records');
    return { inbound, outbox };
  }

  private async inBatches(deleteBatch: (em: EntityManager) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch(this.db.writer);
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
