import { type AckedPayment, type AckedRefund, type AttemptRecord, type SentPaymentKey } from './request-record.js';

/** Everything the load saw, on one clock (ms since the load started). */
export class LoadLedger {
  readonly records: AttemptRecord[] = [];
  readonly ackedPayments: AckedPayment[] = [];
  readonly ackedRefunds: AckedRefund[] = [];
  readonly sentKeys: SentPaymentKey[] = [];
  private readonly t0 = performance.now();
  /** Wall-clock time of ms 0, for correlating with logs. */
  readonly startedAt = new Date();
  private ops = 0;

  now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  nextOpId(): number {
    this.ops += 1;
    return this.ops;
  }

  get opCount(): number {
    return this.ops;
  }

  record(r: AttemptRecord): void {
    this.records.push(r);
  }

  ackPayment(p: AckedPayment): void {
    this.ackedPayments.push(p);
  }

  ackRefund(r: AckedRefund): void {
    this.ackedRefunds.push(r);
  }

  sentKey(k: SentPaymentKey): void {
    this.sentKeys.push(k);
  }
}
