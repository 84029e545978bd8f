import { type INestApplicationContext, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

import { DeadlineExceededError, raceDeadline } from './race-deadline.js';
import { ShutdownState } from './shutdown-state.js';

export interface DrainOptions {
  /** How long to keep serving after readiness turns 503, so load balancers notice (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  /** Upper bound for app.close() after the drain (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Waits out the drain; tests pass a gate they open themselves. */
  wait?: (ms: number) => Promise<unknown>;
  signal?: string;
}

export interface GracefulShutdownOptions extends Omit<DrainOptions, 'signal'> {
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

export type ShutdownOutcome = 'closed' | 'timed-out' | 'failed';

const logger = new Logger('Shutdown');

// Readiness first, then keep serving for the drain, then close within a bound.
// Nest's own enableShutdownHooks would close at once (onModuleDestroy closes pools before the
// HTTP server stops), which drops the requests a load balancer is still sending.
export async function drainAndClose(
  app: INestApplicationContext,
  { drainMs, timeoutMs, wait = sleep, signal }: DrainOptions,
): Promise<ShutdownOutcome> {
  const state = shutdownStateOf(app);
  state?.beginDrain();
  logger.warn(`${signal ?? 'shutdown'}: readiness is now 503, serving for ${drainMs} ms before closing`);
  await wait(drainMs);
  try {
    await raceDeadline(app.close(), timeoutMs);
    logger.log('closed cleanly');
    return 'closed';
  } catch (err) {
    if (err instanceof DeadlineExceededError) {
      logger.error(`close did not finish within ${timeoutMs} ms; exiting anyway`);
      return 'timed-out';
    }
    logger.error(`close failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 'failed';
  }
}

// Installs SIGTERM/SIGINT handlers that drain, close and exit (0 when closed cleanly, else 1).
// Returns a function that removes them.
export function installGracefulShutdown(
  app: INestApplicationContext,
  { signals = ['SIGTERM', 'SIGINT'], exit = (code) => process.exit(code), ...drain }: GracefulShutdownOptions,
): () => void {
  let isShuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (isShuttingDown) {
      logger.warn(`${signal} received again; shutdown already under way and bounded`);
      return;
    }
    isShuttingDown = true;
    void drainAndClose(app, { ...drain, signal }).then((outcome) => exit(outcome === 'closed' ? 0 : 1));
  };
  signals.forEach((signal) => process.on(signal, onSignal));
  return () => signals.forEach((signal) => process.removeListener(signal, onSignal));
}

// An app without HealthModule has no readiness endpoint to flip; it still drains and closes.
function shutdownStateOf(app: INestApplicationContext): ShutdownState | undefined {
  try {
    return app.get(ShutdownState, { strict: false });
  } catch (err) {
    logger.warn(`no ShutdownState (HealthModule not imported): ${String(err)}`);
    return undefined;
  }
}
