import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';

import { IntervalJob } from './interval-job.js';

describe(IntervalJob.name, () => {
  const logger = pino({ enabled: false });

  it('never runs twice at once: a second run joins the first', async () => {
    let runs = 0;
    let release!: () => void;
    const sut = new IntervalJob('spec', 0, () => {
      runs += 1;
      return new Promise<void>((resolve) => (release = resolve));
    }, logger);
    const first = sut.runOnce();
    const second = sut.runOnce();
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });

  it('survives a failing run and runs again next time', async () => {
    let runs = 0;
    const sut = new IntervalJob('spec', 0, () => {
      runs += 1;
      return Promise.reject(new Error('boom'));
    }, logger);
    await sut.runOnce();
    await sut.runOnce();
    expect(runs).toBe(2);
  });

  it('waits for a run in progress when stopped', async () => {
    let finished = false;
    const sut = new IntervalJob('spec', 60_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    }, logger);
    sut.start();
    const run = sut.runOnce();
    await sut.stop();
    expect(finished).toBe(true);
    await run;
  });
});
