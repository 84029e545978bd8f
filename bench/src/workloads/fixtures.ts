import { randomUUID } from 'node:crypto';

import { type LoopbackClient, mapLimit } from '../load/loopback-https.js';

/** The payment every workload creates: a card the simulator charges at once (the simulator README's test cards). */
export const PAYMENT_REQUEST = { amount: 1250, currency: 'usd', payment_method: 'pm_card_ok' } as const;

export interface BenchUser {
  email: string;
  password: string;
}

export interface Session {
  user: BenchUser;
  accessToken: string;
  refreshToken: string;
}

export interface CreatedPayment {
  id: string;
  /** The answer exactly as the API sent it. */
  body: string;
}

interface TokenPair {
  access_token: string;
  refresh_token: string;
}

// Setup goes through nginx like the load (so through its limits too); a few requests at a time.
const SETUP_CONCURRENCY = 8;

/** Users, sessions and payments for the workloads, created through the public API. */
export class Fixtures {
  private serial = 0;

  constructor(
    private readonly api: LoopbackClient,
    private readonly runTag: string,
  ) {}

  async users(count: number): Promise<BenchUser[]> {
    const users = Array.from({ length: count }, () => ({
      email: `bench-${this.runTag}-${this.serial++}@example.com`,
      // 12+ characters and not a common password: the auth service's policy.
      password: `bench-${this.runTag}-correct-horse`,
    }));
    await mapLimit(users, SETUP_CONCURRENCY, (u) =>
      this.api.json({ method: 'POST', path: '/auth/register', body: u }, 201),
    );
    return users;
  }

  async login(user: BenchUser): Promise<Session> {
    const pair = await this.api.json<TokenPair>({ method: 'POST', path: '/auth/login', body: user }, 200);
    return { user, accessToken: pair.access_token, refreshToken: pair.refresh_token };
  }

  async sessions(count: number): Promise<Session[]> {
    return mapLimit(await this.users(count), SETUP_CONCURRENCY, (u) => this.login(u));
  }

  /** `count` logins spread over `users`: every login is a new refresh-token family. */
  async loginsOf(users: readonly BenchUser[], count: number): Promise<Session[]> {
    return mapLimit(
      Array.from({ length: count }, (_, i) => users[i % users.length]),
      SETUP_CONCURRENCY,
      (u) => this.login(u),
    );
  }

  async payment(session: Session, body: object = PAYMENT_REQUEST): Promise<CreatedPayment> {
    const answer = await this.api.request({
      method: 'POST',
      path: '/payments',
      headers: { authorization: `Bearer ${session.accessToken}`, 'idempotency-key': randomUUID() },
      body,
    });
    if (answer.status !== 201)
      throw new Error(`POST /payments answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    return { id: (JSON.parse(answer.body) as { id: string }).id, body: answer.body };
  }

  async paymentsOf(
    session: Session,
    count: number,
    body: object = PAYMENT_REQUEST,
  ): Promise<CreatedPayment[]> {
    return mapLimit(Array.from({ length: count }), SETUP_CONCURRENCY, () => this.payment(session, body));
  }

  async read(session: Session, path: string): Promise<string> {
    const answer = await this.api.request({
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    if (answer.status !== 200)
      throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    return answer.body;
  }
}
