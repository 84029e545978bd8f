import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../ports.js';
import { findRedisServerBinary } from './redis-binary.js';
import { guardProcess, type ProcessGuard } from './process-guard.js';

export type StopMode = 'graceful' | 'kill';

interface RedisProcessSpec {
  args: string[];
  dir: string;
  readyLine: RegExp;
  startTimeoutMs?: number;
}

// One redis-server (or sentinel) child that can be stopped and started again with the same
// arguments, so tests can fault it; its log goes to stdout and is kept for error messages.
export class RedisProcess {
  private child?: ChildProcess;
  private guard?: ProcessGuard;
  private exited: Promise<void> = Promise.resolve();
  private readonly recentLog: string[] = [];
  private readonly binary = findRedisServerBinary();

  constructor(private readonly spec: RedisProcessSpec) {}

  isRunning(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.binary, this.spec.args, {
      cwd: this.spec.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Recorded, not thrown: spawn failures also reject waitUntilReady below.
    child.on('error', (err) => this.remember(`spawn error: ${err.message}`));
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        if (this.child === child) this.forget();
        resolve();
      });
    });
    if (child.pid !== undefined) this.guard = guardProcess(child.pid, this.spec.dir);
    await this.waitUntilReady(child);
  }

  async stop(mode: StopMode = 'graceful'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(mode === 'kill' ? 'SIGKILL' : 'SIGTERM');
    // A paused server only acts on SIGTERM once it runs again.
    if (mode === 'graceful') child.kill('SIGCONT');
    await this.exited;
  }

  /** SIGSTOP/SIGCONT: the server keeps its connections but answers nothing, like a hung host. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** The last lines redis logged: for error messages when it refuses to start. */
  log(): string {
    return this.recentLog.join('\n');
  }

  private remember(line: string): void {
    this.recentLog.push(line);
    if (this.recentLog.length > 20) this.recentLog.shift();
  }

  private forget(): void {
    this.guard?.release();
    this.guard = undefined;
    this.child = undefined;
  }

  private waitUntilReady(child: ChildProcess): Promise<void> {
    const timeoutMs = this.spec.startTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`redis did not become ready within ${timeoutMs} ms:\n${this.log()}`));
      }, timeoutMs);
      // A chunk may end mid-line: each stream keeps its tail until the newline arrives.
      const lineReader = () => {
        let partial = '';
        return (chunk: Buffer) => {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines.filter(Boolean)) {
            this.remember(line);
            if (this.spec.readyLine.test(line)) done();
          }
        };
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(
          new Error(`redis exited before it was ready (code ${code}, signal ${signal}):\n${this.log()}`),
        );
      };
      const onSpawnError = (err: Error) => {
        clearTimeout(timer);
        if (this.child === child) this.forget();
        reject(new Error(`could not start ${this.binary}: ${err.message}`));
      };
      const done = () => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('error', onSpawnError);
        resolve();
      };
      child.stdout?.on('data', lineReader());
      child.stderr?.on('data', lineReader());
      child.once('exit', onExit);
      child.once('error', onSpawnError);
    });
  }
}

const PORT_ATTEMPTS = 3;

// Another process may take the probed port before redis binds it: then try a fresh one.
export async function startOnFreePort(
  build: (port: number) => RedisProcess,
): Promise<{ port: number; redis: RedisProcess }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const redis = build(port);
    try {
      await redis.start();
      return { port, redis };
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !redis.log().includes('Address already in use')) throw err;
    }
  }
}
