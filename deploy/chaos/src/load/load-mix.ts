import { type OpKind } from './request-record.js';

/** Relative weights of the operations a virtual user performs between think times. */
export type LoadMix = Partial<Record<OpKind, number>>;

/** Roughly a shop's traffic: mostly reads, a steady stream of payments, some refunds and logins. */
export const DEFAULT_MIX: LoadMix = {
  pay: 30,
  get_payment: 25,
  list_payments: 15,
  me: 10,
  refund: 10,
  login: 5,
};

export interface UserView {
  /** Acknowledged payments this user may still refund something of. */
  refundable: number;
  /** Acknowledged payments this user can read back. */
  payments: number;
}

/** Picks the next operation; operations that need a payment fall back to paying when there is none. */
export function chooseOp(mix: LoadMix, user: UserView, random: () => number = Math.random): OpKind {
  const entries = Object.entries(mix).filter(([, w]) => (w ?? 0) > 0) as [OpKind, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  if (total === 0) throw new Error('load mix has no operation with a positive weight');
  let pick = random() * total;
  let chosen = entries[entries.length - 1][0];
  for (const [op, w] of entries) {
    if (pick < w) {
      chosen = op;
      break;
    }
    pick -= w;
  }
  if (chosen === 'refund' && user.refundable === 0) return 'pay';
  if (chosen === 'get_payment' && user.payments === 0) return 'pay';
  return chosen;
}

/** A refund of part (or all) of what is left, never more: a 409 "exceeds" would then be a bug. */
export function refundAmount(amount: number, refunded: number, random: () => number = Math.random): number {
  const left = amount - refunded;
  if (left <= 0) throw new Error('nothing left to refund');
  return random() < 0.3 ? left : Math.max(1, Math.floor(left * (0.2 + 0.5 * random())));
}
