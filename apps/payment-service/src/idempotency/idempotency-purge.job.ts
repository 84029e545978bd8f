import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';

import { PaymentSettings } from '../config/payment-settings.js';
import { IntervalJob } from '../shared/interval-job.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const PURGE_BATCH = 1_000;

/** Drops finished idempotency records past their retention (never in-flight ones: they guard money). */
@Injectable()
export class IdempotencyPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('idempotency-purge');
  private readonly job: IntervalJob;

  constructor(
    private readonly db: Database,
    private readonly records: IdempotencyRepository,
    private readonly settings: PaymentSettings,
  ) {
    this.job = new IntervalJob('idempotency-purge', settings.idempotencyPurgeIntervalMs, () => this.purge(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Returns how many records were deleted. */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.db.transaction((em) =>
        this.records.deleteCompletedOlderThan(em, this.settings.idempotencyRetentionSeconds, PURGE_BATCH),
      );
      total += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'purged expired idempotency records');
    return total;
  }
}
