import { setTimeout as sleep } from 'node:timers/promises';

import { readBusyTicks } from './proc.js';

export interface QuietWait {
  /** Busy cores of the whole machine over the last window looked at. */
  busyCores: number;
  waitedMs: number;
  /** False when the machine stayed busier than asked until the wait gave up. */
  quiet: boolean;
}

export interface QuietOptions {
  maxBusyCores: number;
  windowMs: number;
  giveUpMs: number;
  /** Clock ticks per second of /proc/stat (USER_HZ). */
  ticksPerSecond: number;
  /** Injected in unit tests; /proc/stat's busy ticks otherwise. */
  busyTicks?: () => number;
  pause?: (ms: number) => Promise<unknown>;
}

/**
 * Waits until the whole machine has been busy for at most `maxBusyCores` over one window, e.g. until
 * a workload's aftermath (outbox deliveries, webhooks in flight) is over, so what comes next is
 * measured on its own and not on the leftovers of the previous run.
 */
export async function waitForQuietMachine(o: QuietOptions): Promise<QuietWait> {
  const busyTicks = o.busyTicks ?? readBusyTicks;
  const pause = o.pause ?? sleep;
  let waitedMs = 0;
  for (;;) {
    const before = busyTicks();
    await pause(o.windowMs);
    waitedMs += o.windowMs;
    const busyCores = (busyTicks() - before) / o.ticksPerSecond / (o.windowMs / 1000);
    if (busyCores <= o.maxBusyCores) return { busyCores, waitedMs, quiet: true };
    if (waitedMs >= o.giveUpMs) return { busyCores, waitedMs, quiet: false };
  }
}
