import { Injectable } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type EntityManager } from 'typeorm';

import { PaymentSettlement, SETTLED_FOR_PROVIDER_EVENTS } from '../../payments/payment-settlement.js';
import { RefundsRepository } from '../../refunds/refunds.repository.js';
import { type Decision, decidePaymentEvent, decideRefundEvent } from './psp-event-transitions.js';
import { type PspEvent } from './psp-event.js';
import { PspWebhooksRepository } from './psp-webhooks.repository.js';

export type ReceiveResult = 'applied' | 'ignored' | 'duplicate';

/**
 * Takes a verified provider event exactly once: the event id's row, the state change and its
 * outbox event commit together in one short transaction, or none of them does.
 */
@Injectable()
export class PspWebhooksService {
  private readonly logger = createLogger('psp-webhooks');

  constructor(
    private readonly db: Database,
    private readonly events: PspWebhooksRepository,
    private readonly payments: PaymentSettlement,
    private readonly refunds: RefundsRepository,
  ) {}

  async receive(event: PspEvent, payload: object): Promise<ReceiveResult> {
    if ((await this.ignoredAsSettled(event, payload)) !== undefined) return 'ignored';
    return this.take(event.id, event.type, payload, (em) => this.apply(em, event));
  }

  /**
   * Most payment events arrive after the API request that charged has settled the payment already:
   * taken as ignored in one statement instead of a transaction of five round trips. The same
   * outcome and reason as `apply` would record; anything else goes the transactional way.
   */
  private async ignoredAsSettled(event: PspEvent, payload: object): Promise<string | undefined> {
    if (event.type === 'refund.succeeded' || event.paymentId === undefined) return undefined;
    const reason = await this.events.claimIgnoredIfSettled(
      this.db.writer,
      { id: event.id, type: event.type, paymentId: event.paymentId },
      payload,
      { sql: this.payments.settledStatusSql(4, 5), statuses: SETTLED_FOR_PROVIDER_EVENTS },
    );
    if (reason !== undefined) this.logger.info({ event_id: event.id, type: event.type, reason }, 'provider event ignored');
    return reason;
  }

  /** A signed event we cannot act on: taken once like any other, so its retries are duplicates. */
  ignore(id: string, type: string, payload: object, reason: string): Promise<ReceiveResult> {
    return this.take(id, type, payload, () => Promise.resolve({ ignore: reason }));
  }

  private take(
    id: string,
    type: string,
    payload: object,
    decide: (em: EntityManager) => Promise<Decision<unknown>>,
  ): Promise<ReceiveResult> {
    return this.db.transaction(async (em) => {
      if (!(await this.events.claimEvent(em, id, type, payload))) return 'duplicate';
      const decision = await decide(em);
      if ('ignore' in decision) {
        await this.events.markIgnored(em, id, decision.ignore);
        this.logger.info({ event_id: id, type, reason: decision.ignore }, 'provider event ignored');
        return 'ignored';
      }
      return 'applied';
    });
  }

  private async apply(em: EntityManager, event: PspEvent): Promise<Decision<unknown>> {
    switch (event.type) {
      case 'payment.succeeded':
      case 'payment.failed': {
        const payment =
          event.paymentId === undefined ? null : await this.payments.lock(em, event.paymentId);
        const decision = decidePaymentEvent(event, payment);
        if ('apply' in decision && payment) await this.payments.apply(em, payment.id, decision.apply);
        return decision;
      }
      case 'refund.succeeded': {
        // Payment first, then refund: the lock order RefundsService uses, so no deadlock with it.
        const found = event.refundId === undefined ? null : await this.events.findRefund(em, event.refundId);
        const payment = found ? await this.payments.lock(em, found.paymentId) : null;
        const refund = found ? await this.events.lockRefund(em, found.id) : null;
        const decision = decideRefundEvent(event, payment, refund);
        if ('apply' in decision && payment && refund) {
          if (decision.apply.payment) await this.payments.apply(em, payment.id, decision.apply.payment);
          await this.refunds.update(em, refund.id, decision.apply.refund);
        }
        return decision;
      }
    }
  }
}
