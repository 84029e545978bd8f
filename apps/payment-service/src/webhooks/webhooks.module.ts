import { type DynamicModule, Module } from '@nestjs/common';

import { PaymentsModule } from '../payments/payments.module.js';
import { RefundsRepository } from '../refunds/refunds.repository.js';
import { WebhookEndpointsController } from './endpoints/webhook-endpoints.controller.js';
import { WebhookEndpointsRepository } from './endpoints/webhook-endpoints.repository.js';
import { WebhookEndpointsService } from './endpoints/webhook-endpoints.service.js';
import { WebhookSecrets } from './endpoints/webhook-secrets.js';
import { PspWebhookHooks } from './inbound/psp-webhook.hooks.js';
import { PspWebhooksController } from './inbound/psp-webhooks.controller.js';
import { PspWebhooksRepository } from './inbound/psp-webhooks.repository.js';
import { PspWebhooksService } from './inbound/psp-webhooks.service.js';
import { WebhookDeliveriesRepository } from './outbound/webhook-deliveries.repository.js';
import { WebhookRelay } from './outbound/webhook.relay.js';
import { WebhookSettings } from './webhook-settings.js';
import { WebhooksPurgeJob } from './webhooks-purge.job.js';

/** Inbound provider webhooks, merchant endpoints and the outbox relay. */
@Module({})
export class WebhooksModule {
  static forRoot(settings: WebhookSettings): DynamicModule {
    return {
      module: WebhooksModule,
      // Inbound provider events settle payments through its settlement port only.
      imports: [PaymentsModule],
      controllers: [PspWebhooksController, WebhookEndpointsController],
      providers: [
        { provide: WebhookSettings, useValue: settings },
        { provide: WebhookSecrets, useValue: WebhookSecrets.fromKeys(settings.keyEncryptionKeys) },
        // Stateless, provided here too so this module does not pull in the refunds feature module.
        RefundsRepository,
        PspWebhooksRepository,
        PspWebhooksService,
        WebhooksPurgeJob,
        PspWebhookHooks,
        WebhookEndpointsRepository,
        WebhookEndpointsService,
        WebhookDeliveriesRepository,
        WebhookRelay,
      ],
      exports: [WebhookRelay, WebhooksPurgeJob],
    };
  }
}
