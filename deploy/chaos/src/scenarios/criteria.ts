import { type CheckResults } from '../checks/consistency-checks.js';
import { type OpClass } from '../load/request-record.js';
import { type Measurements } from './measurements.js';

export interface Criterion {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Evidence {
  m: Measurements;
  checks: CheckResults;
  /** Facts the scenario observed about the stack (rejoined, failed over, breaker state ...). */
  facts: Record<string, unknown>;
}

const c = (name: string, pass: boolean, detail: string): Criterion => ({ name, pass, detail });
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Checks every scenario must pass: the data and the provider agree with what clients were told. */
export function dataCriteria({ checks }: Evidence): Criterion[] {
  const lost = checks.lostPayments.length + checks.lostRefunds.length + checks.alteredPayments.length;
  const dup = checks.duplicatePaymentKeys + checks.duplicateRefundKeys + checks.clientDuplicateKeys;
  const out = [
    c('0 acknowledged writes lost', lost === 0,
      `${checks.ackedPayments} payments and ${checks.ackedRefunds} refunds acknowledged; missing ${checks.lostPayments.length} payments, ${checks.lostRefunds.length} refunds; ${checks.alteredPayments.length} with another amount`),
    c('0 duplicate writes per idempotency key', dup === 0,
      `${checks.duplicatePaymentKeys} payment keys and ${checks.duplicateRefundKeys} refund keys with two rows; ${checks.clientDuplicateKeys} keys answered with two ids`),
    c('refunds never exceed the amount', checks.overRefunded.length === 0, `${checks.overRefunded.length} over-refunded payments`),
  ];
  if (!('skipped' in checks.outbox)) {
    const o = checks.outbox;
    const missing = o.paymentsWithoutEvent.length + o.refundsWithoutEvent.length;
    out.push(c('an outbox event for every settled state', missing === 0,
      `${o.paymentsWithoutEvent.length} payments and ${o.refundsWithoutEvent.length} refunds without an event of their current status`));
  }
  if (!('skipped' in checks.deliveries)) {
    const d = checks.deliveries;
    const undelivered = Object.entries(d.byStatus).filter(([status]) => status !== 'delivered').reduce((n, [, v]) => n + v, 0);
    const pass = undelivered === 0 && d.eventsWithoutDelivery.length === 0 && d.deliveredNotReceived.length === 0 && d.badSignatures === 0;
    out.push(c('every outbox event delivered to its merchant, correctly signed', pass,
      `${d.byStatus.delivered ?? 0} delivered (${d.redelivered} arrived more than once), ${undelivered} pending or dead; ${d.eventsWithoutDelivery.length} events with no delivery; ${d.deliveredNotReceived.length} marked delivered but not received; ${d.badSignatures} bad signatures`));
  }
  if (!('skipped' in checks.provider)) {
    const p = checks.provider;
    const bad = p.doubleCharged.length + p.succeededWithoutCharge.length + p.chargesWithoutPayment.length + p.chargedButFailed.length;
    out.push(c('provider charges equal charged payments, 0 double charges', bad === 0 && p.providerCharges === p.chargedPayments,
      `provider ${p.providerCharges} charges, database ${p.chargedPayments} charged/declined payments; double ${p.doubleCharged.length}, succeeded without charge ${p.succeededWithoutCharge.length}, charge without payment ${p.chargesWithoutPayment.length}`));
  }
  return out;
}

/** A scenario cannot pass because the load stopped: requests must have kept coming during the fault. */
export function loadKeptGoing({ m }: Evidence): Criterion {
  return c('load kept arriving during the fault', m.minActiveDuringFault >= 1,
    `fewest requests sent or in flight in any ${secs(m.activityWindowMs)} of the fault window: ${m.minActiveDuringFault}`);
}

/** What every scenario must show besides its own criteria: the load kept coming, the data is right. */
export function everyScenario(e: Evidence): Criterion[] {
  return [loadKeptGoing(e), ...dataCriteria(e)];
}

export function noFailedOps({ m }: Evidence, classes?: readonly OpClass[]): Criterion {
  const failed = classes === undefined ? m.ops.failed : classes.reduce((n, k) => n + m.ops.byClass[k].failed, 0);
  const total = classes === undefined ? m.ops.total : classes.reduce((n, k) => n + m.ops.byClass[k].total, 0);
  const what = classes === undefined ? 'requests' : `${classes.join('/')} requests`;
  return c(`0 failed ${what} (after client retries)`, failed === 0,
    `${failed} of ${total} failed${failed > 0 ? `: ${JSON.stringify(m.failures)}` : ''}`);
}

export function recoveredWithin({ m }: Evidence, opClass: OpClass, limitMs: number): Criterion {
  const r = m.recovery[opClass];
  return c(`${opClass}s back within ${secs(limitMs)}`, r.recovered && r.rtoMs <= limitMs,
    `RTO ${secs(r.rtoMs)}, longest gap ${secs(r.maxGapMs)}, ${r.failedAttempts} failed attempts${r.recovered ? '' : ', NOT recovered'}`);
}

export function never500({ m }: Evidence): Criterion {
  return c('never 500; every 502/503/504 carries Retry-After', m.status500 === 0 && m.unavailableWithoutRetryAfter === 0,
    `${m.status500} × 500, ${m.unavailableWithoutRetryAfter} unavailable answers without Retry-After`);
}

export function fact({ facts }: Evidence, name: string, key: string): Criterion {
  const value = facts[key];
  return c(name, value === true, `${key}: ${JSON.stringify(value ?? 'not observed')}`);
}

export function allPass(criteria: readonly Criterion[]): boolean {
  return criteria.every((x) => x.pass);
}

/** No failed operation of these kinds (e.g. everything on the payment pool while auth is down). */
export function noFailedKinds({ m }: Evidence, kinds: readonly string[], label: string): Criterion {
  const failed = Object.entries(m.failures).filter(([k]) => kinds.includes(k.split(':')[0]));
  const n = failed.reduce((sum, [, v]) => sum + v, 0);
  return c(`0 failed ${label}`, n === 0, n === 0 ? `none of ${kinds.join(', ')} failed` : JSON.stringify(Object.fromEntries(failed)));
}

/** The longest interval without a successful answer of the class around the fault (e.g. a switchover's write gap). */
export function gapAtMost({ m }: Evidence, opClass: OpClass, limitMs: number): Criterion {
  const r = m.recovery[opClass];
  return c(`${opClass} gap ≤ ${secs(limitMs)}`, r.maxGapMs <= limitMs, `longest gap without a successful ${opClass}: ${secs(r.maxGapMs)}`);
}
