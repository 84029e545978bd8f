import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../ceilings/free-port.js';

export interface StartupResult {
  service: 'auth' | 'payment';
  /** From spawn to the first 200 of /health/ready; undefined when it never came. */
  readyMs?: number;
  error?: string;
}

const APPS = { auth: 'auth-service', payment: 'payment-service' } as const;
/**
 * Starts one extra instance of a service on a spare port, with the stack's own environment for it,
 * exactly as PM2 runs it (node --enable-source-maps dist/main.js), times spawn → first ready 200,
 * then stops it gracefully. It shares the stack's database and Redis for those seconds.
 */
export async function probeStartup(
  repo: string,
  service: 'auth' | 'payment',
  env: Record<string, string>,
  giveUpMs = 20_000,
): Promise<StartupResult> {
  const main = path.join(repo, 'apps', APPS[service], 'dist', 'main.js');
  if (!existsSync(main)) return { service, error: `${path.relative(repo, main)} is missing (not built)` };
  const port = await freePort();
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (c: Buffer): void => {
    output = (output + c.toString()).slice(-2_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    while (performance.now() - started < giveUpMs) {
      if (child.exitCode !== null)
        return { service, error: `exited with ${child.exitCode}: ${output.trim().split('\n').at(-1) ?? ''}` };
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(1_000),
      }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return { service, readyMs: performance.now() - started };
      await sleep(20);
    }
    return { service, error: `not ready after ${giveUpMs / 1000} s` };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM'); // graceful drain, as PM2 stops it
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    }
  }
}
