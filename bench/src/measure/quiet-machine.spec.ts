import { describe, expect, it } from '@jest/globals';

import { waitForQuietMachine } from './quiet-machine.js';

/** A machine whose busy ticks grow by `perWindow[i]` during window i (100 ticks = 1 core-second). */
function machine(perWindow: number[]) {
  let ticks = 0;
  let window = 0;
  return {
    busyTicks: () => ticks,
    pause: async () => {
      ticks += perWindow[Math.min(window, perWindow.length - 1)];
      window += 1;
    },
  };
}

const base = { maxBusyCores: 0.5, windowMs: 1_000, giveUpMs: 5_000, ticksPerSecond: 100 };

describe(waitForQuietMachine.name, () => {
  it('returns after the first window at or below the limit', async () => {
    const wait = await waitForQuietMachine({ ...base, ...machine([180, 150, 40, 10]) });
    expect(wait).toEqual({ busyCores: 0.4, waitedMs: 3_000, quiet: true });
  });

  it('gives up, saying so, when the machine stays busy', async () => {
    const wait = await waitForQuietMachine({ ...base, ...machine([190]) });
    expect(wait).toEqual({ busyCores: 1.9, waitedMs: 5_000, quiet: false });
  });
});
