import { type Logger } from '@app/observability';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  timeoutMs: number;
  /** Failure percentage over the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the percentage is judged. Default 5. */
  volumeThreshold?: number;
  /** Time open before one trial call is let through (half-open). Default 10000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window. Default 10000. */
  rollingCountTimeoutMs?: number;
  /** Which errors count against the dependency. Default: all but 4xx (see isClientError). Timeouts always count. */
  isFailure?: (err: unknown) => boolean;
  logger?: Logger;
}

export interface Breaker<A extends unknown[], R> {
  readonly name: string;
  fire(...args: A): Promise<R>;
  readonly state: BreakerState;
  /** Seconds until a call may get through again: 0 when closed. */
  readonly retryAfterSeconds: number;
  shutdown(): void;
}
