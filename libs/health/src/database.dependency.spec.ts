import { describe, expect, it } from '@jest/globals';

import { primaryDependency, replicaDependency } from './database.dependency.js';

// Answers ping() as a server would: which port, and whether it is a standby.
function answeringDb(inRecovery: boolean): { ping: () => Promise<{ port: number; inRecovery: boolean }> } {
  return { ping: () => Promise.resolve({ port: 5432, inRecovery }) };
}

describe(primaryDependency.name, () => {
  it('is up when the writer answers and takes writes', async () => {
    await expect(primaryDependency(answeringDb(false)).check()).resolves.toBeUndefined();
  });

  it('is down when the writer is a server in recovery', async () => {
    await expect(primaryDependency(answeringDb(true)).check()).rejects.toThrow('in recovery');
  });

  it('is critical and part of readiness', () => {
    const sut = primaryDependency(answeringDb(false));

    expect([sut.key, sut.critical, sut.readiness ?? sut.critical]).toEqual(['primary', true, true]);
  });
});

describe(replicaDependency.name, () => {
  it('is up when a standby answers the reader ping', async () => {
    await expect(replicaDependency(answeringDb(true)).check()).resolves.toBeUndefined();
  });

  it('is down when the reader ping fell back to the primary', async () => {
    await expect(replicaDependency(answeringDb(false)).check()).rejects.toThrow('no replica reachable');
  });

  it('only degrades the service and stays out of readiness', () => {
    const sut = replicaDependency(answeringDb(true));

    expect([sut.key, sut.critical, sut.readiness ?? sut.critical]).toEqual(['replica', false, false]);
  });
});
