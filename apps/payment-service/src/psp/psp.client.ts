import { createLogger } from '@app/observability';
import {
  type Breaker,
  BreakerOpenError,
  type BreakerOptions,
  BreakerTimeoutError,
  createBreaker,
} from '@app/resilience';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

import { PSP_OPTIONS } from './psp.constants.js';
import { type PspOptions } from './psp.env.js';
import { PspOutcomeUnknownError, PspUnavailableError } from './psp.errors.js';
import { PspHttp } from './psp.http.js';
import {
  type ChargeRequest,
  type ChargeResult,
  type ProviderCharge,
  type ProviderRefund,
  type RefundRequest,
  type RefundResult,
} from './psp.types.js';

const logger = createLogger('psp');

/**
 * The payment provider behind three named breakers. Errors say what the caller may assume:
 * PspUnavailableError — nothing was sent; PspOutcomeUnknownError — it may have happened;
 * PspRejectedError — the provider refused the request. A decline is a result, not an error.
 */
@Injectable()
export class PspClient implements OnModuleDestroy {
  private readonly chargeBreaker: Breaker<[ChargeRequest], ChargeResult>;
  private readonly refundBreaker: Breaker<[RefundRequest], RefundResult>;
  private readonly statusBreaker: Breaker<[string], ChargeResult | null>;

  constructor(@Inject(PSP_OPTIONS) options: PspOptions) {
    const http = new PspHttp(options.baseUrl);
    const breakerOptions: BreakerOptions = {
      timeoutMs: options.timeoutMs,
      resetTimeoutMs: options.breakerResetMs,
      volumeThreshold: options.breakerVolumeThreshold,
      logger,
    };
    this.chargeBreaker = createBreaker(
      'psp.charge',
      async (signal, req: ChargeRequest) =>
        toChargeResult(
          await http.post<ProviderCharge>(
            '/charges',
            {
              amount: req.amount,
              currency: req.currency,
              payment_method: req.paymentMethod,
              reference: req.reference,
            },
            req.idempotencyKey,
            signal,
          ),
        ),
      breakerOptions,
    );
    this.refundBreaker = createBreaker(
      'psp.refund',
      async (signal, req: RefundRequest) => {
        const refund = await http.post<ProviderRefund>(
          '/refunds',
          { charge: req.chargeId, amount: req.amount },
          req.idempotencyKey,
          signal,
        );
        return { refundId: refund.id, amount: refund.amount };
      },
      breakerOptions,
    );
    this.statusBreaker = createBreaker(
      'psp.status',
      async (signal, key: string) => {
        const list = await http.get<{ data: ProviderCharge[] }>(
          `/charges?idempotency_key=${encodeURIComponent(key)}`,
          signal,
        );
        return list.data.length === 0 ? null : toChargeResult(list.data[0]);
      },
      breakerOptions,
    );
  }

  charge(req: ChargeRequest): Promise<ChargeResult> {
    return this.call(this.chargeBreaker, [req]);
  }

  refund(req: RefundRequest): Promise<RefundResult> {
    return this.call(this.refundBreaker, [req]);
  }

  /**
   * The charge the provider made under our idempotency key, or null when it made none
   * (the provider records a charge as soon as it receives the request). For the reconciler.
   */
  async findChargeByKey(idempotencyKey: string): Promise<ChargeResult | null> {
    try {
      return await this.call(this.statusBreaker, [idempotencyKey]);
    } catch (err) {
      // A lookup changes nothing, so "unknown" just means "not now".
      if (err instanceof PspOutcomeUnknownError) throw new PspUnavailableError(1, { cause: err });
      throw err;
    }
  }

  onModuleDestroy(): void {
    this.chargeBreaker.shutdown();
    this.refundBreaker.shutdown();
    this.statusBreaker.shutdown();
  }

  private async call<A extends unknown[], R>(breaker: Breaker<A, R>, args: A): Promise<R> {
    try {
      return await breaker.fire(...args);
    } catch (err) {
      throw translate(err, breaker);
    }
  }
}

function translate(err: unknown, breaker: Breaker<never, unknown>): unknown {
  if (err instanceof BreakerOpenError) return new PspUnavailableError(err.retryAfterSeconds, { cause: err });
  if (err instanceof BreakerTimeoutError) {
    return new PspOutcomeUnknownError(
      `No answer from the payment provider within ${err.timeoutMs} ms; the call was aborted.`,
      {
        cause: err,
      },
    );
  }
  if (err instanceof PspUnavailableError) {
    // Refused or throttled: wait at least as long as the provider asked and the breaker needs.
    return new PspUnavailableError(Math.max(1, err.retryAfterSeconds, breaker.retryAfterSeconds), {
      cause: err,
    });
  }
  if (err instanceof PspOutcomeUnknownError)
    logger.warn({ msg: 'provider outcome unknown', breaker: breaker.name, err: err.message });
  return err;
}

function toChargeResult(charge: ProviderCharge): ChargeResult {
  if (charge.status === 'succeeded') return { outcome: 'succeeded', chargeId: charge.id };
  return { outcome: 'declined', chargeId: charge.id, failureCode: charge.failure_code ?? 'card_declined' };
}
