import { type Breaker, createBreaker } from '@app/resilience';
import { createLogger } from '@app/observability';

import { type WebhookSettings } from '../webhook-settings.js';
import { type Delivery, sendWebhook } from './webhook.sender.js';

/**
 * One breaker per merchant endpoint (`webhook.<endpointId>`): a dead endpoint fails fast and its
 * deliveries wait, without slowing anyone else's. Created on first use, shut down with the relay.
 */
export class EndpointBreakers {
  private readonly logger = createLogger('webhook-breakers');
  private readonly breakers = new Map<string, Breaker<[Delivery], number>>();

  constructor(
    private readonly settings: WebhookSettings,
    private readonly shutdown: AbortSignal,
  ) {}

  for(endpointId: string): Breaker<[Delivery], number> {
    let breaker = this.breakers.get(endpointId);
    if (!breaker) {
      breaker = createBreaker(
        `webhook.${endpointId}`,
        // Aborted on the delivery timeout or when this process shuts down, whichever comes first.
        (signal, delivery: Delivery) =>
          sendWebhook(delivery, this.settings.targets, AbortSignal.any([signal, this.shutdown])),
        {
          timeoutMs: this.settings.deliveryTimeoutMs,
          resetTimeoutMs: this.settings.breakerResetMs,
          logger: this.logger,
        },
      );
      this.breakers.set(endpointId, breaker);
    }
    return breaker;
  }

  shutdownAll(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}
