import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../ceilings/free-port.js';
import { type QuietWait, waitForQuietMachine } from '../measure/quiet-machine.js';
import { median } from '../report/median.js';

export interface StartupResult {
  service: 'auth' | 'payment';
  /** Median over the attempts of spawn → first 200 of /health/ready; undefined when one never came. */
  readyMs?: number;
  /** Each attempt's time, in order (absent in runs recorded before attempts were repeated). */
  attemptsMs?: number[];
  /** Busy cores of the whole machine in the window just before each attempt. */
  busyCoresBefore?: number[];
  error?: string;
}

interface Attempt {
  readyMs?: number;
  error?: string;
}

export interface StartupOptions {
  attempts: number;
  ticksPerSecond: number;
  /** A start-up is timed once the machine is this quiet (or after giving up waiting, flagged). */
  maxBusyCores: number;
}

/**
 * Start-up of one service, measured `attempts` times, each after the machine has gone quiet: a
 * start-up is a property of the instance, and on 2 cores the previous workload's aftermath (outbox
 * deliveries, webhooks in flight) would otherwise be measured with it. The median is the figure.
 */
export async function measureStartup(
  repo: string,
  service: 'auth' | 'payment',
  env: Record<string, string>,
  o: StartupOptions,
): Promise<StartupResult> {
  const attemptsMs: number[] = [];
  const waits: QuietWait[] = [];
  for (let i = 0; i < o.attempts; i++) {
    waits.push(
      await waitForQuietMachine({
        maxBusyCores: o.maxBusyCores,
        windowMs: 1_000,
        giveUpMs: 60_000,
        ticksPerSecond: o.ticksPerSecond,
      }),
    );
    const attempt = await probeStartup(repo, service, env);
    if (attempt.readyMs === undefined) return { service, error: attempt.error, attemptsMs };
    attemptsMs.push(attempt.readyMs);
  }
  const busyCoresBefore = waits.map((w) => w.busyCores);
  const notQuiet = waits.filter((w) => !w.quiet).length;
  return {
    service,
    readyMs: median(attemptsMs),
    attemptsMs,
    busyCoresBefore,
    ...(notQuiet > 0 && {
      error: `${notQuiet} of ${o.attempts} attempts began on a machine busier than ${o.maxBusyCores} cores`,
    }),
  };
}

const APPS = { auth: 'auth-service', payment: 'payment-service' } as const;
/**
 * Starts one extra instance of a service on a spare port, with the stack's own environment for it,
 * exactly as PM2 runs it (node --enable-source-maps dist/main.js), times spawn → first ready 200,
 * then stops it gracefully. It shares the stack's database and Redis for those seconds.
 */
async function probeStartup(
  repo: string,
  service: 'auth' | 'payment',
  env: Record<string, string>,
  giveUpMs = 20_000,
): Promise<Attempt> {
  const main = path.join(repo, 'apps', APPS[service], 'dist', 'main.js');
  if (!existsSync(main)) return { error: `${path.relative(repo, main)} is missing (not built)` };
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
        return { error: `exited with ${child.exitCode}: ${output.trim().split('\n').at(-1) ?? ''}` };
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(1_000),
      }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return { readyMs: performance.now() - started };
      await sleep(20);
    }
    return { error: `not ready after ${giveUpMs / 1000} s` };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM'); // graceful drain, as PM2 stops it
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    }
  }
}
