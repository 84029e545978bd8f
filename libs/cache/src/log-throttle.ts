// Says whether to log now, at most once per interval, and how many were held back since the
// last line: a Redis outage must not turn every request into a log line.
export class LogThrottle {
  private lastLoggedAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined: stay quiet; otherwise log now, mentioning `suppressed` earlier occurrences. */
  take(): { suppressed: number } | undefined {
    const now = this.now();
    if (now - this.lastLoggedAt < this.intervalMs) {
      this.suppressed++;
      return undefined;
    }
    const suppressed = this.suppressed;
    this.lastLoggedAt = now;
    this.suppressed = 0;
    return { suppressed };
  }
}
