import { describe, expect, it, jest } from '@jest/globals';
import { type Database } from '@app/database';
import { runWithRequestId } from '@app/observability';
import { type Redis } from 'ioredis';

import { type PaymentSettings } from '../config/payment-settings.js';
import { ReadRouting } from './read-routing.js';

type Source = 'primary' | 'replica';

/** A database whose sources answer from a table, or fail with the given error. */
function fakeDatabase(answers: Record<Source, string | null | Error>): { db: Database; asked: Source[] } {
  const asked: Source[] = [];
  const db = {
    read: async (_work: unknown, opts: { from: Source }) => {
      asked.push(opts.from);
      const answer = answers[opts.from];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as Database;
  return { db, asked };
}

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:15000'), { code: 'ECONNREFUSED' });
}

function routing(db: Database, pinned: boolean): ReadRouting {
  const redis = { exists: async () => (pinned ? 1 : 0), set: async () => 'OK' } as unknown as Redis;
  return new ReadRouting(db, redis, { readYourWritesWindowMs: 10_000 } as PaymentSettings);
}

const work = async (): Promise<null> => null;

describe('ReadRouting', () => {
  it('reads a user who just wrote from the primary', async () => {
    const { db, asked } = fakeDatabase({ primary: 'fresh', replica: 'stale' });
    await expect(routing(db, true).find('u1', work)).resolves.toBe('fresh');
    expect(asked).toEqual(['primary']);
  });

  it('reads everyone else from the replica and retries a replica miss on the primary', async () => {
    const { db, asked } = fakeDatabase({ primary: 'fresh', replica: null });
    await expect(routing(db, false).find('u1', work)).resolves.toBe('fresh');
    expect(asked).toEqual(['replica', 'primary']);
  });

  it('serves a pinned read from the replica while the primary cannot be reached', async () => {
    const { db, asked } = fakeDatabase({ primary: connectionRefused(), replica: 'replica row' });
    await expect(routing(db, true).find('u1', work)).resolves.toBe('replica row');
    await expect(routing(db, true).list('u1', work)).resolves.toBe('replica row');
    expect(asked).toEqual(['primary', 'replica', 'primary', 'replica']);
  });

  it('fails a pinned read the replica has no row for with the primary error, never a not-found', async () => {
    const down = connectionRefused();
    const { db } = fakeDatabase({ primary: down, replica: null });
    await expect(routing(db, true).find('u1', work)).rejects.toBe(down);
  });

  it('fails with the primary error when the replica is down too', async () => {
    const down = connectionRefused();
    const { db } = fakeDatabase({ primary: down, replica: new Error('replica down') });
    await expect(routing(db, true).list('u1', work)).rejects.toBe(down);
  });

  it('does not hide a query error of the primary behind the replica', async () => {
    const bug = Object.assign(new Error('syntax error'), { code: '42601' });
    const { db, asked } = fakeDatabase({ primary: bug, replica: 'replica row' });
    await expect(routing(db, true).find('u1', work)).rejects.toBe(bug);
    expect(asked).toEqual(['primary']);
  });

  it('takes the marker the guard prefetched for this request once, and only for the same user', async () => {
    const { db } = fakeDatabase({ primary: 'fresh', replica: 'stale' });
    const asked: string[] = [];
    const redis = {
      exists: async (key: string) => {
        asked.push(key);
        return 1;
      },
    } as unknown as Redis;
    const sut = new ReadRouting(db, redis, { readYourWritesWindowMs: 10_000 } as PaymentSettings);

    await runWithRequestId('r-1', async () => {
      sut.prefetch('u1');
      expect(asked).toEqual(['payments:recent-write:u1']); // sent at once, with the token's lookups
      await expect(sut.find('u1', work)).resolves.toBe('fresh');
      expect(asked).toHaveLength(1);
      await sut.find('u1', work); // a second read of the request asks again
      expect(asked).toHaveLength(2);
    });
    await runWithRequestId('r-2', async () => {
      sut.prefetch('someone-else');
      await sut.find('u1', work);
    });
    expect(asked.slice(2)).toEqual(['payments:recent-write:someone-else', 'payments:recent-write:u1']);
  });

  it('prefetches nothing outside a request', () => {
    const redis = { exists: jest.fn() } as unknown as Redis;
    new ReadRouting(fakeDatabase({ primary: null, replica: null }).db, redis, { readYourWritesWindowMs: 10_000 } as PaymentSettings).prefetch('u1');
    expect(redis.exists).not.toHaveBeenCalled();
  });
});
