import { setTimeout as sleep } from 'node:timers/promises';

import { DEFAULT_MIX, type LoadMix } from './load-mix.js';
import { LoadLedger } from './load-ledger.js';
import { type HttpTarget, LoopbackHttp } from './loopback-http.js';
import { sourceAddresses } from './loopback.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { type MerchantEndpoints, VirtualUser } from './virtual-user.js';

export interface LoadOptions {
  target: HttpTarget;
  users: number;
  firstSourceOctet?: number;
  mix?: LoadMix;
  thinkMs?: [number, number];
  retry?: RetryPolicy;
  tag: string;
  /** When set, every user registers a webhook endpoint there before the load starts. */
  merchant?: MerchantEndpoints;
  /** Hard bounds: the load stops by itself at whichever comes first (operations include set-up). */
  maxDurationMs: number;
  maxOps: number;
}

/**
 * Closed-loop load: each virtual user (own account, own source address) runs one operation at a
 * time with a short think time. Bounded in time and count; `stop()` lets running operations finish.
 */
export class LoadGenerator {
  readonly ledger = new LoadLedger();
  private readonly users: VirtualUser[];
  private running: Promise<void>[] = [];
  private ready: VirtualUser[] = [];
  private stopping = false;
  private readonly deadline: number;

  constructor(private readonly options: LoadOptions) {
    const retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.users = sourceAddresses(options.users, options.firstSourceOctet ?? 2).map(
      (src, i) =>
        new VirtualUser(new LoopbackHttp(options.target, src), this.ledger, retry, `${options.tag}-${i}`, Math.random, options.merchant),
    );
    this.deadline = Date.now() + options.maxDurationMs;
  }

  /** Creates the accounts; resolves with how many users are ready. */
  async setUp(): Promise<number> {
    const ok = await Promise.all(this.users.map((u) => u.setUp()));
    // A user without an account would only add failures the system did not cause.
    this.ready = this.users.filter((_, i) => ok[i]);
    return this.ready.length;
  }

  /** The users that are ready (registered, logged in, endpoint registered), for scenarios that pick one. */
  get readyUsers(): readonly VirtualUser[] {
    return this.ready;
  }

  get userIds(): string[] {
    return this.users.map((u) => u.userId).filter((id): id is string => id !== undefined);
  }

  start(): void {
    this.running = this.ready.map((u) => this.loop(u));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
    for (const u of this.users) u.close();
  }

  private async loop(user: VirtualUser): Promise<void> {
    const [minThink, maxThink] = this.options.thinkMs ?? [50, 150];
    const mix = this.options.mix ?? DEFAULT_MIX;
    while (!this.stopping && Date.now() < this.deadline && this.ledger.opCount < this.options.maxOps) {
      await user.step(mix);
      await sleep(minThink + Math.random() * (maxThink - minThink));
    }
  }
}
