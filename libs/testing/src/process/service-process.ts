import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import { freePort } from '../ports.js';
import { guardDir, guardProcess, type ProcessGuard } from '../redis/process-guard.js';
import { workspaceRoot } from './workspace-root.js';

export interface StartServiceOptions {
  /** Built entry point, absolute or relative to the workspace root, e.g. `apps/auth-service/dist/main.js`. */
  entry: string;
  /** Node flags before the entry, e.g. the tracing preload `['--import', '@app/tracing/register']`. */
  nodeArgs?: string[];
  /** Added to this process's environment; `PORT` is set by the harness unless given. */
  env?: Record<string, string | undefined>;
  /** Polled until it answers 200. */
  readyPath?: string;
  readyTimeoutMs?: number;
  /** SIGTERM grace before SIGKILL in stop(). */
  stopTimeoutMs?: number;
  /** For messages; defaults to the entry. */
  name?: string;
}

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number | undefined;
  isRunning(): boolean;
  /** Starts it again on the same port (after stop() or kill()) and waits until ready. */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after stopTimeoutMs; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. Resolves once it exited. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** stop() and remove its log; the harness also does this if the test run dies. */
  close(): Promise<void>;
  /** Everything it wrote to stdout and stderr so far. */
  logs(): string;
}

/** Runs a built service as a real child process and waits until `readyPath` answers 200. */
export async function startService(options: StartServiceOptions): Promise<ServiceProcess> {
  const port = Number(options.env?.PORT ?? (await freePort()));
  const service = new ChildService(options, port);
  try {
    await service.start();
  } catch (err) {
    await service.close();
    throw err;
  }
  return service;
}

class ChildService implements ServiceProcess {
  readonly name: string;
  readonly url: string;
  private readonly entry: string;
  private readonly dir = mkdtempSync(join(tmpdir(), 'service-'));
  private readonly dirGuard = guardDir(this.dir);
  private readonly logFile = join(this.dir, 'output.log');
  private child?: ChildProcess;
  private guard?: ProcessGuard;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: StartServiceOptions,
    readonly port: number,
  ) {
    this.name = options.name ?? options.entry;
    this.url = `http://127.0.0.1:${port}`;
    this.entry = isAbsolute(options.entry) ? options.entry : join(workspaceRoot(), options.entry);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  isRunning(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    if (!existsSync(this.entry))
      throw new Error(`${this.name}: ${this.entry} does not exist; build the project first`);
    const output = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), this.entry], {
      cwd: workspaceRoot(),
      env: { ...process.env, HOST: '127.0.0.1', ...this.options.env, PORT: String(this.port) },
      stdio: ['ignore', output, output],
    });
    closeSync(output);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        if (this.child === child) {
          this.guard?.release();
          this.guard = undefined;
          this.child = undefined;
        }
        resolve();
      });
    });
    if (child.pid !== undefined) this.guard = guardProcess(child.pid, this.dir);
    try {
      await this.waitUntilReady(child);
    } catch (err) {
      await this.kill();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
    this.dirGuard.release();
  }

  logs(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const readyUrl = `${this.url}${this.options.readyPath ?? '/health/ready'}`;
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let exitCode: number | null | undefined;
    child.once('exit', (code) => (exitCode = code));
    for (;;) {
      if (exitCode !== undefined) throw this.failure(`exited with code ${exitCode} before it was ready`);
      if (await answersOk(readyUrl)) return;
      if (Date.now() > deadline) throw this.failure(`was not ready at ${readyUrl} in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private failure(what: string): Error {
    const tail = this.logs().split('\n').slice(-30).join('\n');
    return new Error(`${this.name} ${what}. Last output:\n${tail}`);
  }
}

async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    // Not listening yet (ECONNREFUSED) or too slow: keep polling.
    return false;
  }
}
