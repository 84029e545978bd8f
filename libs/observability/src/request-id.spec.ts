import { type IncomingMessage } from 'node:http';

import { describe, expect, it } from '@jest/globals';

import { isValidRequestId, requestIdFor } from './request-id.js';

function requestWith(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe(isValidRequestId.name, () => {
  it.each(['abcd1234', 'edge:1.2_3-4', 'a'.repeat(128)])('accepts %s', (id) => {
    expect(isValidRequestId(id)).toBe(true);
  });

  it.each(['short', 'a'.repeat(129), 'with space', 'new\nline', '<script>', undefined, ['abcd1234']])(
    'rejects %p',
    (id) => {
      expect(isValidRequestId(id)).toBe(false);
    },
  );
});

describe(requestIdFor.name, () => {
  it('uses a valid incoming X-Request-Id', () => {
    expect(requestIdFor(requestWith({ 'x-request-id': 'client-id-1' }))).toBe('client-id-1');
  });

  it('replaces an invalid or repeated header with a uuid', () => {
    expect(requestIdFor(requestWith({ 'x-request-id': 'bad id' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(requestWith({ 'x-request-id': ['client-id-1', 'client-id-2'] }))).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('answers the same id for the same request every time', () => {
    const req = requestWith({});

    expect(requestIdFor(req)).toBe(requestIdFor(req));
  });
});
