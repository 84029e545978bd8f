import { type ServiceProcess, startService } from '@app/testing';

export interface SimulatorStats {
  requests: { charges: number; refunds: number; charge_queries: number };
  charges_created: number;
  charges_by_idempotency_key: Record<string, number>;
  charges_by_reference: Record<string, number>;
  refunds_created: number;
  webhooks: { events: number; delivered: number; held: number; attempts: number };
}

export interface Faults {
  latency_ms?: number;
  error_rate?: number;
  outage?: boolean;
  webhook_duplicates?: number;
  webhook_hold?: boolean;
}

/**
 * The real payment-provider simulator, built and run as its own process (the payment-service test
 * target builds it first), driven through its admin API.
 */
export class Simulator {
  private constructor(readonly service: ServiceProcess) {}

  /** `pm_card_slow` answers after 3 s; one webhook attempt per event, so a test sees each send once. */
  static async start(options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<Simulator> {
    const service = await startService({
      entry: 'apps/payment-provider-simulator/dist/main.js',
      nodeArgs: options.nodeArgs,
      env: {
        LOG_LEVEL: 'warn',
        SLOW_CARD_DELAY_MS: '3000',
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_RETRY_BASE_MS: '1000',
        WEBHOOK_TIMEOUT_MS: '1000',
        ...options.env,
      },
      readyPath: '/health/ready',
      name: 'payment-provider-simulator',
    });
    return new Simulator(service);
  }

  get url(): string {
    return this.service.url;
  }

  async stats(): Promise<SimulatorStats> {
    return (await this.admin('GET', '/admin/stats')) as SimulatorStats;
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.admin('PUT', '/admin/faults', faults);
  }

  /** Forgets charges, refunds, keys, faults, stats and webhooks. */
  async reset(): Promise<void> {
    await this.admin('POST', '/admin/reset');
  }

  /** Where its webhooks go from now on (e.g. a service started after it). */
  async sendWebhooksTo(url: string, secret: string): Promise<void> {
    await this.admin('PUT', '/admin/webhook-endpoint', { url, secret });
  }

  close(): Promise<void> {
    return this.service.close();
  }

  private async admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }
}
