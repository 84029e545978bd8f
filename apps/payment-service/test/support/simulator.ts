import { freePort } from '@app/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the provider simulator is the external party; e2e runs the real one in-process on its own port
import { createSimulatorApp } from '../../../payment-provider-simulator/src/simulator.app.js';

export interface SimulatorStats {
  requests: { charges: number; refunds: number; charge_queries: number };
  charges_created: number;
  charges_by_idempotency_key: Record<string, number>;
  refunds_created: number;
}

export interface Faults {
  latency_ms?: number;
  error_rate?: number;
  outage?: boolean;
}

/** The real payment-provider simulator, listening on a loopback port, driven through its admin API. */
export class Simulator {
  private constructor(
    private readonly app: NestFastifyApplication,
    readonly url: string,
  ) {}

  static async start(): Promise<Simulator> {
    const app = await createSimulatorApp(
      { slowCardDelayMs: 3_000, webhook: { maxAttempts: 1, retryBaseMs: 1_000, timeoutMs: 1_000 } },
      { bodyLimitBytes: 65_536, logLevels: false },
    );
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    return new Simulator(app, `http://127.0.0.1:${port}`);
  }

  async stats(): Promise<SimulatorStats> {
    return (await this.admin('GET', '/admin/stats')) as SimulatorStats;
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.admin('PUT', '/admin/faults', faults);
  }

  async reset(): Promise<void> {
    await this.admin('POST', '/admin/reset');
  }

  close(): Promise<void> {
    return this.app.close();
  }

  private async admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path} answered ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  }
}
