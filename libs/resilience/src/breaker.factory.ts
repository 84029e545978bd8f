import CircuitBreaker from 'opossum';
import { BreakerOpenError, BreakerTimeoutError } from './breaker.errors.js';
import { registerBreaker, unregisterBreaker } from './breaker.registry.js';
import { BreakerTelemetry } from './breaker.telemetry.js';
import { type Breaker, type BreakerOptions, type BreakerState } from './breaker.types.js';
import { isClientError } from './client-error.js';

type Action<A extends unknown[], R> = (signal: AbortSignal, ...args: A) => Promise<R>;

// Every breaker in the services comes from here, so they all share defaults, logging,
// metrics and the listing used by /health.
export function createBreaker<A extends unknown[], R>(
  name: string,
  action: Action<A, R>,
  opts: BreakerOptions,
): Breaker<A, R> {
  const breaker = new OpossumBreaker(name, action, opts);
  registerBreaker(breaker);
  return breaker;
}

class OpossumBreaker<A extends unknown[], R> implements Breaker<A, R> {
  private readonly circuit: CircuitBreaker<[AbortController, ...A], R>;
  private readonly telemetry: BreakerTelemetry;
  // opossum reports timeouts and short-circuits as plain errors with a code; remembering the
  // exact objects it emitted keeps an action's own ETIMEDOUT from being mistaken for ours.
  private readonly timeouts = new WeakSet<object>();
  private readonly rejections = new WeakSet<object>();
  private openedAt = 0;
  /** Why the last call failed: an "opened" log line that says why saves a trip through other logs. */
  private lastFailure?: string;

  constructor(
    readonly name: string,
    action: Action<A, R>,
    private readonly opts: BreakerOptions,
  ) {
    const isFailure = opts.isFailure ?? ((err: unknown) => !isClientError(err));
    this.telemetry = new BreakerTelemetry(name, opts.logger);
    // Each call gets its own AbortController (not opossum's shared `abortController` option,
    // which would abort every in-flight call on one timeout and stay aborted until the next
    // close). The timed-out call's controller is aborted in fire().
    this.circuit = new CircuitBreaker(
      (controller: AbortController, ...args: A) => action(controller.signal, ...args),
      {
        name,
        timeout: opts.timeoutMs,
        errorThresholdPercentage: opts.errorThresholdPercentage ?? 50,
        volumeThreshold: opts.volumeThreshold ?? 5,
        resetTimeout: opts.resetTimeoutMs ?? 10_000,
        rollingCountTimeout: opts.rollingCountTimeoutMs ?? 10_000,
        enableSnapshots: false,
        // opossum's errorFilter answers "ignore this error?"; our timeouts always count.
        errorFilter: (err: unknown) => !this.timeouts.has(err as object) && !isFailure(err),
      },
    );
    this.observe();
  }

  get state(): BreakerState {
    if (this.circuit.halfOpen) return 'half-open';
    if (this.circuit.closed) return 'closed';
    return 'open';
  }

  get retryAfterSeconds(): number {
    switch (this.state) {
      case 'closed':
        return 0;
      case 'half-open':
        return 1;
      case 'open': {
        const reopensAt = this.openedAt + (this.opts.resetTimeoutMs ?? 10_000);
        return Math.max(1, Math.ceil((reopensAt - Date.now()) / 1000));
      }
    }
  }

  async fire(...args: A): Promise<R> {
    const controller = new AbortController();
    try {
      return await this.circuit.fire(controller, ...args);
    } catch (err) {
      throw this.translate(err, controller);
    }
  }

  shutdown(): void {
    unregisterBreaker(this);
    this.circuit.shutdown();
  }

  private translate(err: unknown, controller: AbortController): unknown {
    if (typeof err !== 'object' || err === null) return err;
    if (this.timeouts.has(err)) {
      const timeout = new BreakerTimeoutError(this.name, this.opts.timeoutMs);
      controller.abort(timeout);
      return timeout;
    }
    if (this.rejections.has(err)) return new BreakerOpenError(this.name, this.retryAfterSeconds);
    return err;
  }

  private observe(): void {
    const { circuit, telemetry } = this;
    circuit.on('timeout', (err) => {
      this.timeouts.add(err);
      telemetry.event('timeout');
    });
    circuit.on('reject', (err) => {
      this.rejections.add(err);
      telemetry.event('reject');
    });
    circuit.on('success', () => telemetry.event('success'));
    circuit.on('failure', (err: unknown) => {
      this.lastFailure = err instanceof Error ? err.message : String(err);
      telemetry.event('failure');
    });
    circuit.on('open', () => {
      this.openedAt = Date.now();
      telemetry.event('open');
      telemetry.stateChanged('open', { retryAfterSeconds: this.retryAfterSeconds, lastFailure: this.lastFailure });
    });
    circuit.on('halfOpen', () => {
      telemetry.event('half_open');
      telemetry.stateChanged('half-open');
    });
    circuit.on('close', () => {
      telemetry.event('close');
      telemetry.stateChanged('closed');
    });
  }
}
