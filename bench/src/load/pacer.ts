/**
 * Spreads sends evenly at `perSecond`, whichever connection sends them (an open-loop schedule).
 * autocannon's own `overallRate` meters each connection per wall-clock second, so every connection
 * fires its quota back to back at the top of each second: "half load" would arrive as bursts at
 * full concurrency, and its latency would be that of saturation.
 */
export class Pacer {
  private nextSlotMs: number | undefined;
  private lateSends = 0;
  private sends = 0;

  constructor(
    readonly perSecond: number,
    /** A send this much after its slot means no connection was free: the schedule is not being met. */
    private readonly toleranceMs = 10,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`a pacer needs a positive rate, not ${perSecond}`);
  }

  /** Reserves the next slot; returns how long to wait before sending (0: send now). */
  reserve(nowMs: number): number {
    this.sends += 1;
    let slot = this.nextSlotMs ?? nowMs;
    if (slot < nowMs - this.toleranceMs) {
      // Behind schedule: count it, and restart the schedule from now rather than send a catch-up burst.
      this.lateSends += 1;
      slot = nowMs;
    }
    this.nextSlotMs = slot + 1000 / this.perSecond;
    return Math.max(0, slot - nowMs);
  }

  get late(): number {
    return this.lateSends;
  }

  get reserved(): number {
    return this.sends;
  }
}
