import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { fingerprintOf, IdempotencyStore, type StoredResponse } from '../shared/idempotency.store.js';
import { ProviderError } from '../shared/provider.error.js';
import { SIMULATOR_OPTIONS, type SimulatorOptions } from '../shared/simulator.options.js';
import { StatsService } from '../shared/stats.service.js';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher.js';
import { type Charge } from './charge.js';
import { ChargesStore } from './charges.store.js';
import { type CreateChargeDto } from './create-charge.dto.js';

export interface ChargeAnswer {
  response: StoredResponse;
  replayed: boolean;
  /** Extra time before answering (pm_card_slow); the charge already exists meanwhile. */
  delayMs: number;
}

@Injectable()
export class ChargesService {
  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions,
    private readonly store: ChargesStore,
    private readonly idempotency: IdempotencyStore,
    private readonly stats: StatsService,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  create(key: string, dto: CreateChargeDto): ChargeAnswer {
    const fingerprint = fingerprintOf('POST /charges', dto);
    const stored = this.idempotency.replay(key, fingerprint);
    if (stored !== undefined) return { response: stored, replayed: true, delayMs: 0 };

    const outcome = outcomeOf(dto.payment_method);
    const charge: Charge = {
      id: `ch_${randomUUID().replaceAll('-', '')}`,
      object: 'charge',
      amount: dto.amount,
      amount_refunded: 0,
      currency: dto.currency,
      payment_method: dto.payment_method,
      reference: dto.reference ?? null,
      idempotency_key: key,
      status: outcome.status,
      failure_code: outcome.failureCode,
      failure_message: outcome.failureCode === null ? null : 'Your card was declined.',
      refunded: false,
      created: Math.floor(Date.now() / 1000),
    };
    // Synchronous from here to the end: a retry arriving during a slow answer sees the charge.
    this.store.addCharge(charge);
    this.stats.countCharge(key, charge.reference);
    const response = { status: 201, body: charge };
    this.idempotency.remember(key, fingerprint, response);
    this.webhooks.publish(charge.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed', charge);
    return { response, replayed: false, delayMs: outcome.slow ? this.options.slowCardDelayMs : 0 };
  }

  get(id: string): Charge {
    const charge = this.store.findCharge(id);
    if (charge === undefined) {
      throw new ProviderError(404, 'invalid_request_error', 'resource_missing', `No such charge: '${id}'`);
    }
    return charge;
  }

  findByKey(key: string): Charge[] {
    const charge = this.store.findChargeByKey(key);
    return charge === undefined ? [] : [charge];
  }
}

interface Outcome {
  status: Charge['status'];
  failureCode: string | null;
  slow: boolean;
}

// The test cards documented in this app's README.
function outcomeOf(paymentMethod: string): Outcome {
  switch (paymentMethod) {
    case 'pm_card_ok':
      return { status: 'succeeded', failureCode: null, slow: false };
    case 'pm_card_slow':
      return { status: 'succeeded', failureCode: null, slow: true };
    case 'pm_card_declined':
      return { status: 'failed', failureCode: 'card_declined', slow: false };
    case 'pm_card_error':
      throw new ProviderError(
        500,
        'api_error',
        'processing_error',
        'The provider failed to process the charge.',
      );
    default:
      throw new ProviderError(
        400,
        'invalid_request_error',
        'payment_method_unknown',
        `No such payment_method: '${paymentMethod}'`,
      );
  }
}
