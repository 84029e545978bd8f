import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, type OnModuleDestroy } from '@nestjs/common';

// Delayed answers end early when the app closes, so a test's app.close() never waits seconds.
@Injectable()
export class Sleeper implements OnModuleDestroy {
  private readonly closing = new AbortController();

  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    await sleep(ms, undefined, { signal: this.closing.signal }).catch((err: unknown) => {
      if (!this.closing.signal.aborted) throw err;
    });
  }

  onModuleDestroy(): void {
    this.closing.abort();
  }
}
