/**
 * Keycloak-style temporary lockout, as pure maths. Failures are counted per subject (an account
 * or a client IP) and forgotten `resetSeconds` after the last one; from the `maxFailures`-th
 * failure on, every further failure locks the subject for `waitIncrementSeconds` more than the
 * previous lock, capped at `maxWaitSeconds`.
 */
export interface LockoutPolicy {
  maxFailures: number;
  waitIncrementSeconds: number;
  maxWaitSeconds: number;
  resetSeconds: number;
}

export type ThrottleScope = 'account' | 'ip';

/** Seconds to lock after the `failures`-th consecutive failure (0: no lock yet). */
export function lockoutSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.maxFailures) return 0;
  const steps = failures - policy.maxFailures + 1;
  return Math.min(policy.maxWaitSeconds, steps * policy.waitIncrementSeconds);
}

/** `Retry-After` value for a lock that ends `remainingMs` from now: whole seconds, at least 1. */
export function retryAfterSeconds(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}

export function throttleKey(scope: ThrottleScope, subject: string): string {
  return `auth:bf:${scope}:${subject}`;
}
