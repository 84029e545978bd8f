import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { BreakerOpenError } from '@app/resilience';
import { runInTrace } from '@app/tracing';

import { IntervalJob } from '../../shared/interval-job.js';
import { WebhookSecrets } from '../endpoints/webhook-secrets.js';
import { webhookMetrics } from '../webhook-metrics.js';
import { WebhookSettings } from '../webhook-settings.js';
import { EndpointBreakers } from './endpoint-breakers.js';
import { nextRetryDelayMs } from './retry-schedule.js';
import { signStandardWebhook } from './standard-webhook.signature.js';
import { type ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { DeliveryHttpError } from './webhook.sender.js';

/** A lease is twice the delivery timeout and a second: only a relay that died or stalled loses it. */
const leaseFor = (deliveryTimeoutMs: number) => 2 * deliveryTimeoutMs + 1_000;
/** One run drains at most this long, so a huge backlog never holds shutdown or starves the pool. */
const DRAIN_BUDGET_MS = 10_000;

/**
 * Delivers the outbox at least once. Runs on every replica: claim a batch with FOR UPDATE SKIP
 * LOCKED and a lease (one short statement), send outside any transaction, then record the result
 * fenced by the lease. A relay that dies mid-delivery records nothing; its lease runs out and
 * another relay sends the same event again, with the same `webhook-id`.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = createLogger('webhook-relay');
  private readonly job: IntervalJob;
  private readonly stopping = new AbortController();
  private readonly breakers: EndpointBreakers;

  constructor(
    private readonly db: Database,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly settings: WebhookSettings,
    private readonly secrets: WebhookSecrets,
  ) {
    this.job = new IntervalJob('webhook-relay', settings.relayIntervalMs, () => this.drain(), this.logger);
    this.breakers = new EndpointBreakers(settings, this.stopping.signal);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Abort sends in flight rather than wait out their timeout: their leases make them safe to redo.
    this.stopping.abort();
    await this.job.stop();
    this.breakers.shutdownAll();
  }

  /**
   * Batch after batch while batches come back full (more is due), within DRAIN_BUDGET_MS: the
   * interval only paces an idle queue, so throughput is not capped at one batch per tick.
   * Returns how many deliveries were attempted.
   */
  async drain(): Promise<number> {
    const deadline = Date.now() + DRAIN_BUDGET_MS;
    let attempted = 0;
    for (;;) {
      const claimed = await this.relayBatch();
      attempted += claimed;
      if (claimed < this.settings.relayBatchSize || Date.now() >= deadline || this.stopping.signal.aborted) return attempted;
    }
  }

  /** One batch now (tests step the relay with it); returns how many deliveries were attempted. */
  async relayBatch(): Promise<number> {
    if (this.stopping.signal.aborted) return 0;
    const claimed = await this.deliveries.claimDue(
      this.db.writer,
      this.settings.relayBatchSize,
      leaseFor(this.settings.deliveryTimeoutMs),
    );
    // Each delivery continues the trace of the payment or refund that caused it (ADR 0009).
    await Promise.all(claimed.map((delivery) => runInTrace(delivery.traceparent, () => this.deliver(delivery))));
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const headers = signStandardWebhook(this.secrets.open(d.endpointId, d.secret), d.eventId, Math.floor(Date.now() / 1_000), d.body);
    let status: number;
    try {
      status = await this.breakers.for(d.endpointId).fire({ url: d.url, headers, body: d.body });
    } catch (err) {
      return this.recordFailure(d, err);
    }
    // Outside the try: a failure to record a success must not be recorded as a failed attempt.
    await this.record(d, 'delivered', () => this.deliveries.markDelivered(this.db.writer, d, status));
    webhookMetrics.deliveryLatency.observe((Date.now() - d.eventCreatedAt.getTime()) / 1_000);
  }

  private async recordFailure(d: ClaimedDelivery, err: unknown): Promise<void> {
    if (this.stopping.signal.aborted) {
      this.logger.info(
        { delivery_id: d.id },
        'shutting down mid-delivery; the lease hands it to another relay',
      );
      return;
    }
    if (err instanceof BreakerOpenError) {
      await this.record(d, 'deferred', () =>
        this.deliveries.defer(this.db.writer, d, err.retryAfterSeconds * 1_000),
      );
      return;
    }
    const status = err instanceof DeliveryHttpError ? err.status : null;
    if (status === 410) {
      await this.record(d, 'gone', () =>
        this.db.transaction((em) => this.deliveries.disableEndpoint(em, d, 'endpoint answered 410 Gone')),
      );
      this.logger.warn({ endpoint_id: d.endpointId }, 'webhook endpoint disabled: 410 Gone');
      return;
    }
    const delayMs = nextRetryDelayMs(d.attempts + 1, this.settings.retryScheduleMs);
    const message = err instanceof Error ? err.message : String(err);
    await this.record(d, delayMs === undefined ? 'dead' : 'failed', () =>
      this.deliveries.markFailed(this.db.writer, d, status, message, delayMs),
    );
    if (delayMs === undefined)
      this.logger.warn(
        { delivery_id: d.id, event_id: d.eventId, endpoint_id: d.endpointId },
        'webhook delivery dead-lettered',
      );
  }

  private async record(
    d: ClaimedDelivery,
    result: 'delivered' | 'failed' | 'dead' | 'gone' | 'deferred',
    write: () => Promise<boolean>,
  ): Promise<void> {
    webhookMetrics.deliveries.inc({ result });
    // false: the lease ran out and another relay owns the delivery now; its result counts.
    if (!(await write())) this.logger.warn({ delivery_id: d.id }, 'delivery lease lost before recording');
  }
}
