import { type ChildProcess, spawn } from 'node:child_process';
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
    const child = spawn(this.binary, this.spec.args, { cwd: this.spec.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
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
    await this.exited;
  }

  /** The last lines redis logged: for error messages when it refuses to start. */
  log(): string {
    return this.recentLog.join('\n');
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
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          this.recentLog.push(line);
          if (this.recentLog.length > 20) this.recentLog.shift();
          if (this.spec.readyLine.test(line)) done();
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`redis exited before it was ready (code ${code}, signal ${signal}):\n${this.log()}`));
      };
      const onSpawnError = (err: Error) => {
        clearTimeout(timer);
        reject(new Error(`could not start ${this.binary}: ${err.message}`));
      };
      const done = () => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('error', onSpawnError);
        resolve();
      };
      child.stdout?.on('data', onLine);
      child.stderr?.on('data', onLine);
      child.once('exit', onExit);
      child.once('error', onSpawnError);
    });
  }
}
