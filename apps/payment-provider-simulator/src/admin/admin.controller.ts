import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';

import { ChargesStore } from '../charges/charges.store.js';
import { type Faults, FaultsService } from '../faults/faults.service.js';
import { IdempotencyStore } from '../shared/idempotency.store.js';
import { StatsService } from '../shared/stats.service.js';
import { type EventRecord } from '../webhooks/webhook-event.js';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';
import { FlushWebhooksDto, UpdateFaultsDto, WebhookEndpointDto } from './admin.dto.js';

// Test and chaos control. Not routed by nginx; never subject to injected faults.
@Controller('admin')
export class AdminController {
  constructor(
    private readonly faults: FaultsService,
    private readonly stats: StatsService,
    private readonly charges: ChargesStore,
    private readonly idempotency: IdempotencyStore,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  @Get('faults')
  currentFaults(): Faults {
    return this.faults.current;
  }

  @Put('faults')
  updateFaults(@Body() dto: UpdateFaultsDto): Faults {
    return this.faults.update(dto);
  }

  @Get('stats')
  currentStats() {
    return { ...this.stats.snapshot(), webhooks: this.webhooks.stats() };
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.faults.reset();
    this.stats.reset();
    this.charges.reset();
    this.idempotency.reset();
    this.webhooks.reset();
  }

  @Put('webhook-endpoint')
  @HttpCode(204)
  configureWebhooks(@Body() dto: WebhookEndpointDto): void {
    this.webhooks.configure(dto.url, dto.secret);
  }

  @Get('webhooks')
  events(): { data: EventRecord[] } {
    return { data: this.webhooks.list() };
  }

  @Post('webhooks/flush')
  @HttpCode(200)
  flush(@Body() dto: FlushWebhooksDto): { flushed: number } {
    return { flushed: this.webhooks.flush(dto.order ?? 'fifo') };
  }
}
