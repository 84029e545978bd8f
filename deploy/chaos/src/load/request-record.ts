/** What the load generator sends; each maps to one class for RTO and pass criteria. */
export type OpKind = 'register' | 'login' | 'register_endpoint' | 'me' | 'pay' | 'get_payment' | 'list_payments' | 'refund';
export type OpClass = 'write' | 'read' | 'login';

export const OP_CLASS: Record<OpKind, OpClass> = {
  register: 'login',
  login: 'login',
  register_endpoint: 'write',
  me: 'read',
  pay: 'write',
  get_payment: 'read',
  list_payments: 'read',
  refund: 'write',
};

export const OP_CLASSES: readonly OpClass[] = ['write', 'read', 'login'];

/** One HTTP attempt. Times are milliseconds since the scenario's load started. */
export interface AttemptRecord {
  op: OpKind;
  /** Logical operation number: every retry of one operation shares it. */
  opId: number;
  attempt: number;
  sentMs: number;
  latencyMs: number;
  /** HTTP status, or 0 when no answer came (connection refused/reset, timeout). */
  status: number;
  /** Whether this answer counts as the operation's success. */
  ok: boolean;
  /** The last attempt of its operation (succeeded, gave up, or not retryable). */
  final: boolean;
  src: string;
  error?: string;
  problemType?: string;
  retryAfterS?: number;
  idempotencyKey?: string;
  paymentId?: string;
  refundId?: string;
  amount?: number;
  replayed?: boolean;
}

/** A write the system acknowledged: the checks must find it in the database. */
export interface AckedPayment {
  id: string;
  userId: string;
  idempotencyKey: string;
  amount: number;
  status: string;
  ackedMs: number;
}

export interface AckedRefund {
  id: string;
  paymentId: string;
  userId: string;
  idempotencyKey: string;
  amount: number;
  ackedMs: number;
}

/** Every payment key sent, acknowledged or not (an unacknowledged one may still have committed). */
export interface SentPaymentKey {
  userId: string;
  idempotencyKey: string;
  amount: number;
  acked: boolean;
}

export const completedAt = (r: AttemptRecord): number => r.sentMs + r.latencyMs;
