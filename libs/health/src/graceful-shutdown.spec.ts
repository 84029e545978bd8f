import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';

import { bootHealthApp } from '../test/support/boot-health-app.js';
import { FakeDependency } from '../test/support/fake-dependency.js';
import { drainAndClose, installGracefulShutdown } from './graceful-shutdown.js';

// Opened by the test: makes "while draining" a state the test controls, not a race with a timer.
function gate(): { wait: () => Promise<void>; open: () => void; entered: Promise<void> } {
  let open!: () => void;
  let enter!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const entered = new Promise<void>((resolve) => (enter = resolve));
  return {
    wait: () => {
      enter();
      return opened;
    },
    open,
    entered,
  };
}

// Holds app.close() open until released, like a pool that will not let go.
@Injectable()
class StuckResource implements OnModuleDestroy {
  static release: () => void = () => undefined;
  onModuleDestroy(): Promise<void> {
    return new Promise((resolve) => (StuckResource.release = resolve));
  }
}

@Module({ providers: [StuckResource] })
class StuckModule {}

describe(drainAndClose.name, () => {
  afterEach(() => {
    StuckResource.release();
  });

  it('answers /health/ready 503 during the drain while /health and /health/live keep answering 200', async () => {
    const app = await bootHealthApp([new FakeDependency('primary', 'database', true)]);
    const drain = gate();

    const sut = drainAndClose(app, { drainMs: 3_000, timeoutMs: 5_000, wait: drain.wait });
    await drain.entered;
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    const health = await app.inject({ method: 'GET', url: '/health' });
    drain.open();

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'error', details: { shutdown: { status: 'down' } } });
    expect(live.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
    await expect(sut).resolves.toBe('closed');
  });

  it('gives up with timed-out when closing exceeds the bound', async () => {
    const app = await bootHealthApp([], [StuckModule]);

    const outcome = await drainAndClose(app, { drainMs: 0, timeoutMs: 50, wait: () => Promise.resolve() });

    expect(outcome).toBe('timed-out');
  }, 5_000);
});

describe(installGracefulShutdown.name, () => {
  it('drains, closes and exits 0 on a shutdown signal', async () => {
    const app = await bootHealthApp([]);
    let exited!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    // SIGUSR2 stands in for SIGTERM: emitting it only calls listeners, nothing is really signalled.
    const uninstall = installGracefulShutdown(app, {
      drainMs: 0,
      timeoutMs: 5_000,
      signals: ['SIGUSR2'],
      wait: () => Promise.resolve(),
      exit: exited,
    });

    try {
      process.emit('SIGUSR2', 'SIGUSR2');

      await expect(exitCode).resolves.toBe(0);
    } finally {
      uninstall();
    }
  });
});
