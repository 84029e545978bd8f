import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { type Socket } from 'node:net';
import { join } from 'node:path';
import { type PgCommandRunner } from './pg-command.runner.js';

export interface PgCleanupGuard {
  release(): void;
}

interface GuardedCluster {
  runner: PgCommandRunner;
  dataDirs: string[];
  baseDir: string;
  keep: boolean;
}

const guarded = new Set<GuardedCluster>();
let exitHookInstalled = false;

/**
 * Makes sure no server outlives the test process when close() is never reached. Two nets:
 * - an 'exit' hook for normal exits (inside Jest it never fires: tests get a copy of `process`);
 * - a watchdog shell in its own session, blocked reading a pipe from this process: the kernel closes
 *   the pipe however this process dies (SIGKILL, OOM, Ctrl-C), and the shell then stops the servers.
 */
export function guardCluster(cluster: GuardedCluster): PgCleanupGuard {
  installExitHook();
  guarded.add(cluster);
  const watchdog = spawn('sh', ['-c', watchdogScript(cluster)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as Socket).unref();
  watchdog.on('error', (err) => process.emitWarning(`postgres watchdog did not start: ${err.message}`));
  return {
    release() {
      guarded.delete(cluster);
      watchdog.kill('SIGKILL');
    },
  };
}

function watchdogScript({ runner, dataDirs, baseDir, keep }: GuardedCluster): string {
  const stops = dataDirs.map((dir) => `${shellJoin(stopArgv(runner, dir))} >/dev/null 2>&1`);
  return ['read _line', ...stops, ...(keep ? [] : [shellJoin(['rm', '-rf', baseDir])])].join('\n');
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const cluster of guarded) stopNow(cluster);
  });
}

function stopNow({ runner, dataDirs, baseDir, keep }: GuardedCluster): void {
  for (const dir of dataDirs.filter((d) => existsSync(join(d, 'postmaster.pid')))) {
    const [file, ...args] = stopArgv(runner, dir);
    try {
      execFileSync(file, args, { stdio: 'ignore', timeout: 30_000 });
    } catch (err) {
      process.stderr.write(`could not stop postgres in ${dir}: ${(err as Error).message}\n`);
    }
  }
  if (!keep) rmSync(baseDir, { recursive: true, force: true });
}

function stopArgv(runner: PgCommandRunner, dataDir: string): string[] {
  return runner.argv('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
}

function shellJoin(argv: string[]): string {
  return argv.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
}
