/** Shared brute-force state; both replicas must see the same counters. */
export interface ThrottleStore {
  /** Milliseconds left on the longest lock among `keys`; 0 when none is locked. */
  lockedForMs(keys: string[]): Promise<number>;
  /** Counts one failure (the count restarts `resetSeconds` after the last one); returns the count. */
  recordFailure(key: string, resetSeconds: number): Promise<number>;
  lock(key: string, seconds: number): Promise<void>;
  reset(key: string): Promise<void>;
}
