import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { readEnvFile } from './env-file.js';
import { type OperatorCommand, renderCommand } from './operator-commands.js';
import { parseStatus, type StackProcess, unhealthy } from './stack-status.js';

const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The local stack, driven only through its own CLI (`./stack`), its supervisor (PM2) and its files.
 * Every fault the suite injects goes through here or through signals to the pids it reports.
 */
export class StackControl {
  readonly stackDir: string;

  constructor(readonly repo: string, stackDir = process.env.STACK_DIR) {
    this.stackDir = stackDir ?? path.join(repo, '.stack');
  }

  /**
   * Runs one operator command (operator-commands.ts, the runbooks' commands) in the repository, with
   * STACK_DIR, the stack's ports and PAYMENT_WRITER_URL in its environment; resolves with stdout.
   */
  async sh(command: OperatorCommand, params: Record<string, string | number> = {}, timeoutMs = 600_000, env: NodeJS.ProcessEnv = {}): Promise<string> {
    const ports = existsSync(path.join(this.stackDir, 'ports.env')) ? this.ports() : {};
    const writer = existsSync(path.join(this.stackDir, 'secrets.env')) ? { PAYMENT_WRITER_URL: this.writerUrl() } : {};
    const { stdout } = await run('bash', ['-c', renderCommand(command, params)], {
      cwd: this.repo, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STACK_DIR: this.stackDir, ...ports, ...writer, ...env },
    });
    return stdout;
  }

  async status(): Promise<StackProcess[]> {
    return parseStatus(await this.sh('status', {}, 60_000));
  }

  /** Whether PM2 runs for this state directory (without starting one by asking). */
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

  /** Stops one supervised process so it stays down (PM2 would restart a killed one at once). */
  async pm2Stop(name: string): Promise<void> {
    const home = path.join(this.stackDir, 'pm2');
    await run('env', ['-i', `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, `HOME=${home}`, `PM2_HOME=${home}`,
      'PM2_DISABLE_VERSION_CHECK=true', path.join(this.repo, 'node_modules/.bin/pm2'), 'stop', name], { timeout: 120_000 });
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

  /** The payment database through the HAProxy writer port, as the payment service's own role. */
  writerUrl(): string {
    const password = this.secrets().PAYMENT_DB_PASSWORD;
    if (password === undefined) throw new Error(`PAYMENT_DB_PASSWORD is not in ${this.stackDir}/secrets.env`);
    return `postgres://payment_service:${encodeURIComponent(password)}@127.0.0.1:${this.port('HAPROXY_WRITER_PORT')}/payment`;
  }

  /** The postmaster pid of a Patroni node ("patroni-1" → node1), from its postmaster.pid. */
  postmasterPid(patroniName: string): number | undefined {
    const n = patroniName.replace(/^patroni-/, '');
    const file = path.join(this.stackDir, 'patroni', `node${n}`, 'data', 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  patroniConfig(patroniName: string): string {
    return path.join(this.stackDir, 'patroni', `node${patroniName.replace(/^patroni-/, '')}`, 'patroni.yml');
  }

  /** Polls status until every process (or the named ones) is healthy; returns the last status. */
  async waitHealthy(timeoutMs: number, names?: readonly string[], accept?: (rows: StackProcess[]) => boolean): Promise<StackProcess[]> {
    const deadline = Date.now() + timeoutMs;
    let last: StackProcess[] = [];
    let lastError = '';
    while (Date.now() < deadline) {
      try {
        last = await this.status();
        const watched = names === undefined ? last : last.filter((r) => names.includes(r.name));
        if (unhealthy(watched).length === 0 && (accept?.(last) ?? true)) return last;
        lastError = unhealthy(watched).map((r) => `${r.name}: ${r.error ?? r.state}`).join(', ');
      } catch (err) {
        lastError = (err as Error).message;
      }
      await sleep(1_000);
    }
    throw new Error(`stack not healthy after ${Math.round(timeoutMs / 1000)} s: ${lastError || 'condition not met'}`);
  }
}
