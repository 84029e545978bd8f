import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { request } from 'undici';

import { FaultsService } from '../faults/faults.service.js';
import {
  SIMULATOR_OPTIONS,
  type SimulatorOptions,
  type WebhookOptions,
} from '../shared/simulator.options.js';
import { type EventRecord, type WebhookEvent, type WebhookEventType } from './webhook-event.js';
import { signWebhook } from './webhook.signature.js';

export type FlushOrder = 'fifo' | 'reverse';

// Delivers events like a real processor: at least once, retried with exponential backoff, and
// on admin request duplicated or held back and released out of order.
@Injectable()
export class WebhookDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private endpoint: Pick<WebhookOptions, 'url' | 'secret'>;
  // By event id, in publishing order: every attempt looks its event up, so no scan of a long history.
  private records = new Map<string, EventRecord>();
  private held: WebhookEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions,
    private readonly faults: FaultsService,
  ) {
    this.endpoint = { url: options.webhook.url, secret: options.webhook.secret };
  }

  configure(url: string, secret: string | undefined): void {
    this.endpoint = { url, secret: secret ?? this.endpoint.secret };
  }

  publish(type: WebhookEventType, data: object): WebhookEvent {
    const event: WebhookEvent = { id: `evt_${randomUUID()}`, type, created: unixNow(), data };
    this.records.set(event.id, { event, delivered: false, attempts: [] });
    if (this.faults.current.webhook_hold) this.held.push(event);
    else void this.send(event);
    return event;
  }

  flush(order: FlushOrder): number {
    const events = order === 'reverse' ? [...this.held].reverse() : [...this.held];
    this.held = [];
    // One after another, so the receiver sees exactly this order.
    void events.reduce((previous, event) => previous.then(() => this.send(event)), Promise.resolve());
    return events.length;
  }

  list(): EventRecord[] {
    return [...this.records.values()];
  }

  stats() {
    const records = this.list();
    return {
      events: records.length,
      delivered: records.filter((r) => r.delivered).length,
      held: this.held.length,
      attempts: records.reduce((n, r) => n + r.attempts.length, 0),
    };
  }

  reset(): void {
    this.stopAll();
    this.records = new Map();
    this.held = [];
    this.endpoint = { url: this.options.webhook.url, secret: this.options.webhook.secret };
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.stopAll();
  }

  private async send(event: WebhookEvent): Promise<void> {
    const copies = 1 + this.faults.current.webhook_duplicates;
    await Promise.all(Array.from({ length: copies }, (_, copy) => this.attempt(event, copy, 1)));
  }

  private async attempt(event: WebhookEvent, copy: number, attempt: number): Promise<void> {
    const { url, secret } = this.endpoint;
    const record = this.records.get(event.id);
    if (url === undefined || record === undefined) return;
    const body = JSON.stringify(event);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.webhook.timeoutMs);
    this.inFlight.add(controller);
    const log = { copy, attempt, at: new Date().toISOString() };
    try {
      // undici's request rather than fetch: a fraction of the CPU per delivery, and every payment makes one.
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret === undefined ? {} : { 'psp-signature': signWebhook(secret, body, unixNow()) }),
        },
        body,
        signal: controller.signal,
      });
      await response.body.dump();
      record.attempts.push({ ...log, status: response.statusCode });
      if (response.statusCode >= 200 && response.statusCode < 300) {
        record.delivered = true;
        return;
      }
    } catch (err) {
      record.attempts.push({ ...log, error: (err as Error).message });
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    this.scheduleRetry(record, copy, attempt);
  }

  private scheduleRetry(record: EventRecord, copy: number, attempt: number): void {
    // A reset or shutdown aborted this attempt: the event is gone, nothing to retry.
    if (this.closed || this.records.get(record.event.id) !== record) return;
    const { event } = record;
    const { maxAttempts, retryBaseMs } = this.options.webhook;
    if (attempt >= maxAttempts) {
      this.logger.warn(`webhook ${event.id} copy ${copy} given up after ${attempt} attempts`);
      return;
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(event, copy, attempt + 1);
      },
      retryBaseMs * 2 ** (attempt - 1),
    );
    this.timers.add(timer);
  }

  private stopAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
