import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { parseStackStatus, StackClient, type StackProcess } from '@app/stack-client';

import { type OperatorCommand, renderCommand } from './operator-commands.js';

const run = promisify(execFile);

/**
 * The local stack, driven only through its own CLI (`./stack`), its supervisor (PM2) and its files.
 * Every fault the suite injects goes through here or through signals to the pids it reports.
 */
export class StackControl extends StackClient {
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
    return parseStackStatus(await this.sh('status', {}, 60_000));
  }

  /** Stops one supervised process so it stays down (PM2 would restart a killed one at once). */
  async pm2Stop(name: string): Promise<void> {
    const home = path.join(this.stackDir, 'pm2');
    await run('env', ['-i', `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, `HOME=${home}`, `PM2_HOME=${home}`,
      'PM2_DISABLE_VERSION_CHECK=true', path.join(this.repo, 'node_modules/.bin/pm2'), 'stop', name], { timeout: 120_000 });
  }

  /** The payment database through the HAProxy writer port, as the payment service's own role. */
  writerUrl(): string {
    const password = this.secret('PAYMENT_DB_PASSWORD');
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
}
