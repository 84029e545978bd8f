import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { readEnvFile } from './env-file.js';
import { parseStackStatus, type StackProcess } from './stack-status.js';

const run = promisify(execFile);

/** The running local stack, through its own CLI (`./stack`) and its state directory (.stack/). */
export class Stack {
  readonly stackDir: string;

  constructor(
    readonly repo: string,
    stackDir = process.env.STACK_DIR,
  ) {
    this.stackDir = stackDir ?? path.join(repo, '.stack');
  }

  async status(): Promise<StackProcess[]> {
    const { stdout } = await this.cli(['status', '--json'], 60_000);
    return parseStackStatus(stdout);
  }

  async up(): Promise<void> {
    await this.cli(['up'], 1_800_000);
  }

  async down(): Promise<void> {
    await this.cli(['down'], 600_000);
  }

  /** Whether the stack's supervisor runs, without starting one by asking. */
  isRunning(): boolean {
    const pidFile = path.join(this.stackDir, 'pm2', 'pm2.pid');
    if (!existsSync(pidFile)) return false;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
      return true;
    } catch {
      return false;
    }
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

  /** The environment stack.sh exports before rendering anything: ports, secrets, STACK_DIR. */
  exportedEnv(): Record<string, string> {
    return { ...this.ports(), ...this.secrets(), STACK_DIR: this.stackDir };
  }

  /** A Node service's environment exactly as the stack gives it (deploy/local/lib/topology.mjs). */
  async serviceEnv(service: 'auth' | 'payment' | 'simulator'): Promise<Record<string, string>> {
    const { stdout } = await run(
      process.execPath,
      [path.join(this.repo, 'deploy/local/lib/topology.mjs'), 'service-env', service],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.exportedEnv() },
      },
    );
    return JSON.parse(stdout) as Record<string, string>;
  }

  get nginxConf(): string {
    return path.join(this.stackDir, 'nginx', 'nginx.conf');
  }

  get tlsCertificate(): { cert: string; key: string } {
    return {
      cert: path.join(this.stackDir, 'nginx/tls/server.crt'),
      key: path.join(this.stackDir, 'nginx/tls/server.key'),
    };
  }

  get accessLog(): string {
    return path.join(this.stackDir, 'logs', 'nginx-access.log');
  }

  private cli(args: string[], timeoutMs: number): Promise<{ stdout: string }> {
    return run(path.join(this.repo, 'stack'), args, {
      cwd: this.repo,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STACK_DIR: this.stackDir },
    });
  }
}
