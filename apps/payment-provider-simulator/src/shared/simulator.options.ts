export interface WebhookOptions {
  /** Where events go; without it events are recorded but not delivered. */
  url?: string;
  secret?: string;
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
}

export interface SimulatorOptions {
  /** How long `pm_card_slow` takes to answer. */
  slowCardDelayMs: number;
  webhook: WebhookOptions;
  /** Injected so fault-injection tests are deterministic. */
  random?: () => number;
}

export const SIMULATOR_OPTIONS = Symbol('SIMULATOR_OPTIONS');
