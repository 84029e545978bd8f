import { EventEmitter } from 'node:events';

import { describe, expect, it } from '@jest/globals';

import { eachSettled, messageOf, StrayErrors } from './guard.js';

describe(eachSettled.name, () => {
  it('runs the items after one that throws, with the error in its place, in order', async () => {
    const done: string[] = [];
    const sut = await eachSettled(
      ['a', 'b', 'c'],
      async (x) => {
        if (x === 'b') throw new Error('Connection terminated unexpectedly');
        return `${x} ran`;
      },
      (x, err) => `${x} failed: ${messageOf(err)}`,
      (r) => done.push(r),
    );

    expect(sut).toEqual(['a ran', 'b failed: Connection terminated unexpectedly', 'c ran']);
    expect(done).toEqual(sut);
  });
});

describe(StrayErrors.name, () => {
  it('records an error event and a rejection nobody handled instead of letting them end the process', () => {
    const events = new EventEmitter();
    const logged: string[] = [];
    const sut = new StrayErrors(events, (m) => logged.push(m));

    events.emit('uncaughtException', new Error('Connection terminated unexpectedly'));
    events.emit('unhandledRejection', 'ECONNRESET');

    expect(sut.seen).toEqual(['Connection terminated unexpectedly', 'ECONNRESET']);
    expect(sut.since(1)).toEqual(['ECONNRESET']);
    expect(logged).toHaveLength(2);
    sut.dispose();
    expect(events.listenerCount('uncaughtException')).toBe(0);
    expect(events.listenerCount('unhandledRejection')).toBe(0);
  });
});

describe(messageOf.name, () => {
  it('names what was thrown whatever its type', () => {
    expect(messageOf(new TypeError('x'))).toBe('x');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf({ code: 'E' })).toBe('{"code":"E"}');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
