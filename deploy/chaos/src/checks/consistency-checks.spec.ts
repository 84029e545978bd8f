import net from 'node:net';

import { afterEach, describe, expect, it } from '@jest/globals';

import { countUndelivered, runChecks } from './consistency-checks.js';

/** A "database" that accepts a connection and drops it, as a Postgres whose data directory just vanished. */
async function droppingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.once('data', () => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `postgres://u:p@127.0.0.1:${port}/payment`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('checks against a database that drops the connection', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('reject with the driver error instead of crashing the run', async () => {
    const db = await droppingServer();
    close = db.close;

    await expect(countUndelivered(db.url, ['u1'])).rejects.toThrow(/Connection terminated unexpectedly/);
    await expect(runChecks(db.url, { ackedPayments: [], ackedRefunds: [], userIds: [], clientDuplicateKeys: 0 })).rejects.toThrow(/Connection terminated/);
  });
});
