import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { readEnvFile } from './env-file.js';
import { type StackProcess, unhealthy } from './stack-status.js';

export interface WaitHealthyOptions {
  /** Only these processes need be healthy (default: every one). */
  names?: readonly string[];
  /** A further condition on the whole status, e.g. that a new leader was elected. */
  accept?: (rows: StackProcess[]) => boolean;
  /** Between two status reads; 1 s unless told. */
  pollMs?: number;
  /** Before each wait, with what is not healthy yet. */
  onWaiting?: (reason: string) => void;
}

/**
 * The running local stack as a tool sees it: its state directory (.stack/, or STACK_DIR) and its
 * status. How `./stack status --json` is run is the tool's own (the chaos suite runs it as an
 * operator command, so the runbooks quote it).
 */
export abstract class StackClient {
  readonly stackDir: string;

  constructor(
    readonly repo: string,
    stackDir = process.env.STACK_DIR,
  ) {
    this.stackDir = stackDir ?? path.join(repo, '.stack');
  }

  abstract status(): Promise<StackProcess[]>;

  /** Whether the stack's supervisor (PM2) runs for this state directory, without starting one by asking. */
  isRunning(): boolean {
    const pid = this.pm2Pid();
    if (pid === undefined) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  pm2Pid(): number | undefined {
    const pidFile = path.join(this.stackDir, 'pm2', 'pm2.pid');
    return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  }

  ports(): Record<string, string> {
    return readEnvFile(path.join(this.stackDir, 'ports.env'));
  }

  secrets(): Record<string, string> {
    return readEnvFile(path.join(this.stackDir, 'secrets.env'));
  }

  port(name: string): number {
    const v = this.ports()[name];
    if (v === undefined) throw new Error(`${name} is not in ${this.stackDir}/ports.env`);
    return Number(v);
  }

  secret(name: string): string {
    const v = this.secrets()[name];
    if (v === undefined) throw new Error(`${name} is not in ${this.stackDir}/secrets.env`);
    return v;
  }

  get accessLog(): string {
    return path.join(this.stackDir, 'logs', 'nginx-access.log');
  }

  /** Polls the status until every process (or the named ones) is healthy; resolves with the last status. */
  async waitHealthy(timeoutMs: number, options: WaitHealthyOptions = {}): Promise<StackProcess[]> {
    const { names, accept, pollMs = 1_000, onWaiting } = options;
    const deadline = Date.now() + timeoutMs;
    let last: StackProcess[] = [];
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        last = await this.status();
        const watched = names === undefined ? last : last.filter((r) => names.includes(r.name));
        if (unhealthy(watched).length === 0 && (accept?.(last) ?? true)) return last;
        lastError = unhealthy(watched)
          .map((r) => `${r.name}: ${r.error ?? r.state}`)
          .join(', ');
      } catch (err) {
        lastError = (err as Error).message;
      }
      onWaiting?.(lastError);
      await sleep(pollMs);
    }
    throw new Error(
      `stack not healthy after ${Math.round(timeoutMs / 1000)} s: ${lastError || 'condition not met'}`,
    );
  }
}
