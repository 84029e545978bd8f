import { createLogger, type Logger, metrics } from '@app/observability';
import { type BreakerState } from './breaker.types.js';

export type BreakerEvent = 'success' | 'failure' | 'timeout' | 'reject' | 'open' | 'half_open' | 'close';

const STATE_GAUGE: Record<BreakerState, number> = { closed: 0, 'half-open': 0.5, open: 1 };

// One place where breakers meet logs and metrics, so the factory stays about behaviour.
export class BreakerTelemetry {
  constructor(
    private readonly breaker: string,
    private readonly logger: Logger = createLogger('resilience'),
  ) {
    metrics.breakerState.set({ breaker }, STATE_GAUGE.closed);
  }

  stateChanged(state: BreakerState, details: Record<string, unknown> = {}): void {
    metrics.breakerState.set({ breaker: this.breaker }, STATE_GAUGE[state]);
    const line = { breaker: this.breaker, state, ...details };
    if (state === 'open') this.logger.warn(line, `circuit breaker ${this.breaker} opened`);
    else this.logger.info(line, `circuit breaker ${this.breaker} is ${state}`);
  }

  event(event: BreakerEvent): void {
    metrics.breakerEvents.inc({ breaker: this.breaker, event });
  }
}
