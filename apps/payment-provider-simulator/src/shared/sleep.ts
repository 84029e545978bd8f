import { Injectable, type OnModuleDestroy } from '@nestjs/common';

// Delayed answers end early when the app closes, so a test's app.close() never waits seconds.
@Injectable()
export class Sleeper implements OnModuleDestroy {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  onModuleDestroy(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
