import { lockoutSeconds, retryAfterSeconds, type LockoutPolicy, throttleKey } from './brute-force.policy.js';
import { type ThrottleStore } from './throttle-store.js';

export interface LoginThrottlePolicies {
  account: LockoutPolicy;
  ip: LockoutPolicy;
}

export type ThrottleDecision =
  { allowed: true; accountHasFailures: boolean } | { allowed: false; retryAfterSeconds: number };

/** Per-account and per-IP lockout around password checks. */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly policies: LoginThrottlePolicies,
  ) {}

  async check(account: string, ip: string): Promise<ThrottleDecision> {
    const accountKey = throttleKey('account', account);
    const state = await this.store.inspect([accountKey, throttleKey('ip', ip)], accountKey);
    return state.lockedForMs > 0
      ? { allowed: false, retryAfterSeconds: retryAfterSeconds(state.lockedForMs) }
      : { allowed: true, accountHasFailures: state.hasFailures };
  }

  async recordFailure(account: string, ip: string): Promise<void> {
    await Promise.all([
      this.count(throttleKey('account', account), this.policies.account),
      this.count(throttleKey('ip', ip), this.policies.ip),
    ]);
  }

  /**
   * Only the account is forgiven: an attacker's own good login must not reset the IP counter.
   * An account with nothing counted at `check` costs no write; a failure that raced in since then
   * stays counted, which errs on the strict side.
   */
  async recordSuccess(account: string, checked: { accountHasFailures: boolean }): Promise<void> {
    if (!checked.accountHasFailures) return;
    await this.store.reset(throttleKey('account', account));
  }

  private async count(key: string, policy: LockoutPolicy): Promise<void> {
    const failures = await this.store.recordFailure(key, policy.resetSeconds);
    const seconds = lockoutSeconds(failures, policy);
    if (seconds > 0) await this.store.lock(key, seconds);
  }
}
