import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { type Socket } from 'node:net';

// Two nets so no server a test started (redis here, services elsewhere) outlives the run:
// - an 'exit' hook kills what is still running when Node exits normally or via process.exit();
// - a watchdog shell blocked on a pipe from this process kills the child when Node dies any other
//   way (SIGKILL of a Jest worker, OOM), because the kernel closes the pipe and `read` returns.
const guardedPids = new Set<number>();
const guardedDirs = new Set<string>();
let exitHookInstalled = false;

export interface ProcessGuard {
  release(): void;
}

// The directory is removed on close() by its owner, or by these nets if the run dies first.
export function guardDir(dir: string): ProcessGuard {
  installExitHook();
  guardedDirs.add(dir);
  return {
    release() {
      guardedDirs.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function guardProcess(pid: number, dir: string): ProcessGuard {
  installExitHook();
  guardedPids.add(pid);
  const watchdog = spawn(
    'sh',
    ['-c', 'read _line; kill -KILL "$1" 2>/dev/null; rm -rf "$2"', 'test-process-watchdog', String(pid), dir],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  watchdog.unref();
  (watchdog.stdin as unknown as Socket).unref();
  // Best effort: if sh cannot start, the exit hook still covers normal exits.
  watchdog.on('error', (err) => process.emitWarning(`test process watchdog did not start: ${err.message}`));
  return {
    release() {
      guardedPids.delete(pid);
      watchdog.kill('SIGKILL');
    },
  };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of guardedPids) killQuietly(pid);
    for (const dir of guardedDirs) rmSync(dir, { recursive: true, force: true });
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: already gone, which is what we wanted.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
