import { type DynamicModule, Module } from '@nestjs/common';

import { AdminController } from './admin/admin.controller.js';
import { HealthController } from './admin/health.controller.js';
import { ChargesController } from './charges/charges.controller.js';
import { ChargesService } from './charges/charges.service.js';
import { ChargesStore } from './charges/charges.store.js';
import { FaultsInterceptor } from './faults/faults.interceptor.js';
import { FaultsService } from './faults/faults.service.js';
import { RefundsController } from './refunds/refunds.controller.js';
import { RefundsService } from './refunds/refunds.service.js';
import { IdempotencyStore } from './shared/idempotency.store.js';
import { SIMULATOR_OPTIONS, type SimulatorOptions } from './shared/simulator.options.js';
import { Sleeper } from './shared/sleep.js';
import { StatsService } from './shared/stats.service.js';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher.js';

@Module({})
export class SimulatorModule {
  static forRoot(options: SimulatorOptions): DynamicModule {
    return {
      module: SimulatorModule,
      controllers: [ChargesController, RefundsController, AdminController, HealthController],
      providers: [
        { provide: SIMULATOR_OPTIONS, useValue: options },
        ChargesService,
        ChargesStore,
        FaultsInterceptor,
        FaultsService,
        IdempotencyStore,
        RefundsService,
        Sleeper,
        StatsService,
        WebhookDispatcher,
      ],
    };
  }
}
