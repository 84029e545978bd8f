import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { type HttpAnswer, type LoopbackHttp } from './loopback-http.js';
import { chooseOp, type LoadMix, refundAmount } from './load-mix.js';
import { type AttemptRecord, type OpKind } from './request-record.js';
import { type RetryPolicy, retryDecision } from './retry-policy.js';
import { type LoadLedger } from './load-ledger.js';

interface OwnPayment {
  id: string;
  amount: number;
  refunded: number;
  refundable: boolean;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  key?: string;
  auth: boolean;
  amount?: number;
  /** Whether this answer is the operation's success (`attempt` > 1 means a retry). */
  accepts: (a: HttpAnswer, attempt: number) => boolean;
}

/** Where a user's merchant webhook endpoint lives (the chaos suite's MerchantSink). */
export interface MerchantEndpoints {
  urlFor(tag: string): string;
  addEndpoint(tag: string, secret: string): void;
}

/** One client of the system: its own account, token, source address and payments. */
export class VirtualUser {
  private readonly email: string;
  private readonly password = `Chaos-${randomBytes(12).toString('base64url')}-9z`;
  private token: string | undefined;
  userId: string | undefined;
  /** The user's merchant webhook endpoint, once registered. */
  endpointId: string | undefined;
  private readonly payments: OwnPayment[] = [];

  constructor(
    private readonly http: LoopbackHttp,
    private readonly ledger: LoadLedger,
    private readonly retry: RetryPolicy,
    readonly tag: string,
    private readonly random: () => number = Math.random,
    private readonly merchant?: MerchantEndpoints,
  ) {
    this.email = `chaos-${tag}-${randomUUID().slice(0, 8)}@example.com`;
  }

  /**
   * Registers, logs in and (with a merchant) registers a webhook endpoint, retrying as any client
   * would; false when the user could not be made ready.
   */
  async setUp(): Promise<boolean> {
    const ready = (await this.perform('register')) && (await this.perform('login'));
    return ready && (this.merchant === undefined || (await this.perform('register_endpoint')));
  }

  async step(mix: LoadMix): Promise<void> {
    const op = this.token === undefined ? 'login' : chooseOp(mix, this.view(), this.random);
    await this.perform(op);
  }

  close(): void {
    this.http.close();
  }

  private view(): { refundable: number; payments: number } {
    return { refundable: this.payments.filter((p) => p.refundable && p.refunded < p.amount).length, payments: this.payments.length };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private request(op: OpKind): Request {
    switch (op) {
      case 'register':
        return {
          method: 'POST', path: '/auth/register', auth: false, body: { email: this.email, password: this.password },
          // A retry after an unanswered first attempt finds the account already made.
          accepts: (a, attempt) => a.status === 201 || (attempt > 1 && a.status === 409),
        };
      case 'login':
        return { method: 'POST', path: '/auth/login', auth: false, body: { email: this.email, password: this.password }, accepts: (a) => a.status === 200 };
      case 'register_endpoint':
        return {
          method: 'POST', path: '/webhook-endpoints', auth: true, body: { url: this.merchant?.urlFor(this.tag) },
          accepts: (a) => a.status === 201 && typeof field(a.body, 'secret') === 'string',
        };
      case 'me':
        return { method: 'GET', path: '/auth/me', auth: true, accepts: (a) => a.status === 200 };
      case 'pay': {
        const amount = 100 + Math.floor(this.random() * 9_900);
        const method = this.random() < 0.9 ? 'pm_card_ok' : 'pm_card_declined';
        return {
          method: 'POST', path: '/payments', auth: true, key: randomUUID(), amount,
          body: { amount, currency: 'eur', payment_method: method, description: 'chaos load' },
          accepts: (a) => a.status === 201 && field(a.body, 'amount') === amount,
        };
      }
      case 'get_payment': {
        const p = this.pick(this.payments);
        return {
          method: 'GET', path: `/payments/${p.id}`, auth: true,
          accepts: (a) => a.status === 200 && field(a.body, 'id') === p.id && field(a.body, 'amount') === p.amount,
        };
      }
      case 'list_payments':
        return { method: 'GET', path: '/payments?limit=10', auth: true, accepts: (a) => a.status === 200 };
      case 'refund': {
        const p = this.pick(this.payments.filter((x) => x.refundable && x.refunded < x.amount));
        const amount = refundAmount(p.amount, p.refunded, this.random);
        // Counted before the answer: an unanswered refund may have happened, so never ask for it twice.
        p.refunded += amount;
        return {
          method: 'POST', path: `/payments/${p.id}/refunds`, auth: true, key: randomUUID(), amount, body: { amount },
          accepts: (a) => a.status === 201 && field(a.body, 'amount') === amount,
        };
      }
    }
  }

  /** One logical operation: attempts with the same request (and key) until it succeeds or the policy gives up. */
  private async perform(op: OpKind): Promise<boolean> {
    const req = this.request(op);
    const opId = this.ledger.nextOpId();
    const firstSent = performance.now();
    for (let attempt = 1; ; attempt++) {
      const sentMs = this.ledger.now();
      const headers: Record<string, string> = {};
      if (req.auth && this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
      if (req.key !== undefined) headers['idempotency-key'] = req.key;
      const answer = await this.http.send(req.method, req.path, headers, req.body);
      const ok = req.accepts(answer, attempt);
      const retryAfter = header(answer, 'retry-after');
      const problemType = field(answer.body, 'type');
      const decision = ok
        ? undefined
        : retryDecision({ status: answer.status, retryAfter, problemType: typeof problemType === 'string' ? problemType : undefined },
            attempt, performance.now() - firstSent, this.retry, this.random);
      const record: AttemptRecord = {
        op, opId, attempt, sentMs, latencyMs: Math.round(answer.latencyMs * 10) / 10, status: answer.status, ok,
        final: ok || decision?.retry === false, src: this.http.localAddress,
        ...(answer.error === undefined ? {} : { error: answer.error }),
        ...(typeof problemType === 'string' && !ok ? { problemType } : {}),
        ...(retryAfter === undefined ? {} : { retryAfterS: Number(retryAfter) }),
        ...(req.key === undefined ? {} : { idempotencyKey: req.key }),
        ...(req.amount === undefined ? {} : { amount: req.amount }),
        ...(header(answer, 'idempotent-replayed') === 'true' ? { replayed: true } : {}),
      };
      if (ok) this.onSuccess(op, req, answer, record);
      this.ledger.record(record);
      if (op === 'pay' && record.final) this.ledger.sentKey({ userId: this.userId ?? '', idempotencyKey: req.key ?? '', amount: req.amount ?? 0, acked: ok });
      if (!ok && answer.status === 401 && req.auth) this.token = undefined;
      if (decision === undefined) return true;
      if (!decision.retry) return false;
      await sleep(decision.delayMs);
    }
  }

  private onSuccess(op: OpKind, req: Request, answer: HttpAnswer, record: AttemptRecord): void {
    switch (op) {
      case 'register':
        return;
      case 'login':
        this.token = String(field(answer.body, 'access_token'));
        // The token's subject is the user id payments are stored under.
        this.userId = subjectOf(this.token);
        return;
      case 'register_endpoint':
        this.endpointId = String(field(answer.body, 'id'));
        this.merchant?.addEndpoint(this.tag, String(field(answer.body, 'secret')));
        return;
      case 'pay': {
        const id = String(field(answer.body, 'id'));
        const status = String(field(answer.body, 'status'));
        record.paymentId = id;
        this.ledger.ackPayment({ id, userId: this.userId ?? '', idempotencyKey: req.key ?? '', amount: req.amount ?? 0, status, ackedMs: record.sentMs + record.latencyMs });
        this.payments.push({ id, amount: req.amount ?? 0, refunded: 0, refundable: status === 'succeeded' });
        return;
      }
      case 'refund': {
        const id = String(field(answer.body, 'id'));
        const paymentId = req.path.split('/')[2];
        record.refundId = id;
        record.paymentId = paymentId;
        this.ledger.ackRefund({ id, paymentId, userId: this.userId ?? '', idempotencyKey: req.key ?? '', amount: req.amount ?? 0, ackedMs: record.sentMs + record.latencyMs });
        return;
      }
      case 'me':
      case 'get_payment':
      case 'list_payments':
        return;
    }
  }
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function header(a: HttpAnswer, name: string): string | undefined {
  const v = a.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `sub` of a JWT (read, not verified: the services verify it; we only need the id). */
export function subjectOf(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
