import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { parseStackStatus, StackClient, type StackProcess } from '@app/stack-client';

const run = promisify(execFile);

/** The running local stack, through its own CLI (`./stack`) and its state directory (.stack/). */
export class Stack extends StackClient {
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

  private cli(args: string[], timeoutMs: number): Promise<{ stdout: string }> {
    return run(path.join(this.repo, 'stack'), args, {
      cwd: this.repo,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STACK_DIR: this.stackDir },
    });
  }
}
