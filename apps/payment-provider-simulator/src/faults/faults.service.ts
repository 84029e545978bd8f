import { Inject, Injectable } from '@nestjs/common';

import { SIMULATOR_OPTIONS, type SimulatorOptions } from '../shared/simulator.options.js';

export interface Faults {
  /** Added to every provider answer, after the work is done: the caller cannot tell whether it happened. */
  latency_ms: number;
  /** Share of provider requests answered 500 before doing anything. */
  error_rate: number;
  /** Every provider request answered 503 before doing anything. */
  outage: boolean;
  /** Extra copies of every webhook delivery. */
  webhook_duplicates: number;
  /** Hold webhooks until `POST /admin/webhooks/flush`, which may deliver them out of order. */
  webhook_hold: boolean;
}

const NO_FAULTS: Faults = {
  latency_ms: 0,
  error_rate: 0,
  outage: false,
  webhook_duplicates: 0,
  webhook_hold: false,
};

@Injectable()
export class FaultsService {
  private faults: Faults = { ...NO_FAULTS };
  private readonly random: () => number;

  constructor(@Inject(SIMULATOR_OPTIONS) options: SimulatorOptions) {
    this.random = options.random ?? Math.random;
  }

  get current(): Faults {
    return { ...this.faults };
  }

  update(change: Partial<Faults>): Faults {
    const defined = Object.entries(change).filter(([, v]) => v !== undefined);
    this.faults = { ...this.faults, ...Object.fromEntries(defined) };
    return this.current;
  }

  reset(): void {
    this.faults = { ...NO_FAULTS };
  }

  shouldFailRequest(): boolean {
    return this.faults.error_rate > 0 && this.random() < this.faults.error_rate;
  }
}
