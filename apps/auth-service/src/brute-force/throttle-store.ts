export interface ThrottleState {
  /** Milliseconds left on the longest lock among the keys; 0 when none is locked. */
  lockedForMs: number;
  /** `forgivable` has failures counted, which a successful login resets. */
  hasFailures: boolean;
}

/** Shared brute-force state; both replicas must see the same counters. */
export interface ThrottleStore {
  /** A login's check in one read: the locks on `keys`, and whether `forgivable` has failures. */
  inspect(keys: string[], forgivable: string): Promise<ThrottleState>;
  /** Counts one failure (the count restarts `resetSeconds` after the last one); returns the count. */
  recordFailure(key: string, resetSeconds: number): Promise<number>;
  lock(key: string, seconds: number): Promise<void>;
  reset(key: string): Promise<void>;
}
