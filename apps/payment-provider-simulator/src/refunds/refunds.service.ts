import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { type Refund } from '../charges/charge.js';
import { ChargesStore } from '../charges/charges.store.js';
import { fingerprintOf, IdempotencyStore, type StoredResponse } from '../shared/idempotency.store.js';
import { ProviderError } from '../shared/provider.error.js';
import { StatsService } from '../shared/stats.service.js';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';
import { type CreateRefundDto } from './create-refund.dto.js';

@Injectable()
export class RefundsService {
  constructor(
    private readonly store: ChargesStore,
    private readonly idempotency: IdempotencyStore,
    private readonly stats: StatsService,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  create(key: string, dto: CreateRefundDto): { response: StoredResponse; replayed: boolean } {
    const fingerprint = fingerprintOf('POST /refunds', dto);
    const stored = this.idempotency.replay(key, fingerprint);
    if (stored !== undefined) return { response: stored, replayed: true };

    const charge = this.store.findCharge(dto.charge);
    if (charge === undefined) {
      throw new ProviderError(
        404,
        'invalid_request_error',
        'resource_missing',
        `No such charge: '${dto.charge}'`,
      );
    }
    if (charge.status !== 'succeeded') {
      throw new ProviderError(
        400,
        'invalid_request_error',
        'charge_not_refundable',
        'Only a succeeded charge can be refunded.',
      );
    }
    const remaining = charge.amount - charge.amount_refunded;
    const amount = dto.amount ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw new ProviderError(
        400,
        'invalid_request_error',
        'amount_too_large',
        `Refund amount ${amount} is greater than the unrefunded amount ${remaining}.`,
      );
    }
    const refund: Refund = {
      id: `re_${randomUUID().replaceAll('-', '')}`,
      object: 'refund',
      charge: charge.id,
      amount,
      currency: charge.currency,
      status: 'succeeded',
      idempotency_key: key,
      created: Math.floor(Date.now() / 1000),
    };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.store.addRefund(refund);
    this.stats.countRefund();
    const response = { status: 201, body: refund };
    this.idempotency.remember(key, fingerprint, response);
    this.webhooks.publish('refund.succeeded', refund);
    return { response, replayed: false };
  }
}
