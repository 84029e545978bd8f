import { assertLoopback } from './loopback.js';

/** `GET /admin/stats` (the chaos suite reads it through its `simulatorStats` operator command). */
export interface SimulatorStats {
  requests: Record<string, number>;
  charges_created: number;
  charges_by_idempotency_key: Record<string, number>;
  charges_by_reference: Record<string, number>;
  refunds_created: number;
  webhooks?: { events: number; delivered: number; held: number; attempts: number };
}

export interface SimulatorEventRecord {
  event: { id: string; type: string; created: number; data: Record<string, unknown> };
  delivered: boolean;
  attempts: unknown[];
}

export interface SimulatorFaults {
  latency_ms: number;
  error_rate: number;
  outage: boolean;
  webhook_duplicates: number;
  webhook_hold: boolean;
}

/** Production-like provider: answers at once, never fails, delivers every webhook once. */
export const NO_FAULTS: SimulatorFaults = {
  latency_ms: 0,
  error_rate: 0,
  outage: false,
  webhook_duplicates: 0,
  webhook_hold: false,
};

/** The provider simulator's admin API and charge lookup, on its own port (nginx answers /admin 404). */
export class SimulatorAdmin {
  readonly base: string;

  constructor(
    host: string,
    readonly port: number,
  ) {
    assertLoopback(host, 'simulator');
    this.base = `http://${host}:${port}`;
  }

  /** Forgets every charge, event and fault: keeps its memory bounded between workloads. */
  async reset(): Promise<void> {
    await this.call('POST', '/admin/reset');
  }

  /** Changes the faults named and leaves the others; answers with all of them as they now stand. */
  async setFaults(faults: Partial<SimulatorFaults>): Promise<SimulatorFaults> {
    return (await this.call('PUT', '/admin/faults', faults)) as SimulatorFaults;
  }

  /** Every event the simulator published, with its delivery state. */
  async events(): Promise<SimulatorEventRecord[]> {
    return ((await this.call('GET', '/admin/webhooks')) as { data: SimulatorEventRecord[] }).data;
  }

  /** Releases webhooks held by `webhook_hold`. */
  async flush(): Promise<void> {
    await this.call('POST', '/admin/webhooks/flush', {});
  }

  /** The charge the simulator made under an idempotency key (payment-service uses the payment id). */
  async chargeByKey(key: string): Promise<Record<string, unknown>> {
    const { data } = (await this.call('GET', `/charges?idempotency_key=${encodeURIComponent(key)}`)) as {
      data: Record<string, unknown>[];
    };
    if (data.length !== 1) throw new Error(`the simulator has ${data.length} charges for key ${key}`);
    return data[0];
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}
