import { assertLoopback } from '../load/loopback.js';

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
  latency_ms?: number;
  error_rate?: number;
  outage?: boolean;
  webhook_duplicates?: number;
  webhook_hold?: boolean;
}

/** The provider simulator's admin API (direct to its port; nginx answers /admin 404). */
export class SimulatorAdmin {
  private readonly base: string;

  constructor(host: string, port: number) {
    assertLoopback(host, 'simulator');
    this.base = `http://${host}:${port}/admin`;
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  async setFaults(faults: SimulatorFaults): Promise<void> {
    await this.call('PUT', '/faults', faults);
  }

  /** Every event the simulator published, with its delivery state. */
  async events(): Promise<SimulatorEventRecord[]> {
    return ((await this.call('GET', '/webhooks')) as { data: SimulatorEventRecord[] }).data;
  }

  /** Releases webhooks held by `webhook_hold`. */
  async flush(): Promise<void> {
    await this.call('POST', '/webhooks/flush', {});
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
