import { type Logger } from '@app/observability';

/**
 * Runs `work` every `intervalMs`, never two runs at once, errors logged (a failed run is just
 * retried next time). Both service replicas run every job; the work itself must be safe for that.
 */
export class IntervalJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One run now (also used by tests); joins a run already in progress. */
  runOnce(): Promise<void> {
    this.running ??= this.work()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err, job: this.name }, 'job run failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress, so shutdown never cuts a transaction. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
