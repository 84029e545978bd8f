import { describe, expect, it } from '@jest/globals';

import { parsePspEvent } from './psp-event.js';

const PAYMENT_ID = '0190a3e4-7b1c-7d2e-9f00-123456789abc';
const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe(parsePspEvent.name, () => {
  it('reads our payment id from the charge reference', () => {
    const sut = parsePspEvent(
      raw({
        id: 'evt_1',
        type: 'payment.failed',
        created: 1,
        data: { id: 'ch_1', reference: PAYMENT_ID, failure_code: 'card_declined' },
      }),
    );
    expect(sut).toMatchObject({
      kind: 'event',
      event: {
        id: 'evt_1',
        type: 'payment.failed',
        paymentId: PAYMENT_ID,
        chargeId: 'ch_1',
        failureCode: 'card_declined',
      },
    });
  });

  it('reads our refund id from the refund idempotency key', () => {
    const sut = parsePspEvent(
      raw({
        id: 'evt_2',
        type: 'refund.succeeded',
        created: 1,
        data: { id: 're_1', idempotency_key: PAYMENT_ID },
      }),
    );
    expect(sut).toMatchObject({
      kind: 'event',
      event: { type: 'refund.succeeded', refundId: PAYMENT_ID, providerRefundId: 're_1' },
    });
  });

  it('names an unknown type without failing', () => {
    expect(parsePspEvent(raw({ id: 'evt_3', type: 'charge.disputed', data: {} }))).toEqual({
      kind: 'unknown_type',
      id: 'evt_3',
      type: 'charge.disputed',
    });
  });

  it('calls a known event without the provider object id unusable (taken and ignored, not refused)', () => {
    expect(parsePspEvent(raw({ id: 'evt_4', type: 'payment.succeeded', data: {} }))).toMatchObject({
      kind: 'unusable',
      id: 'evt_4',
      type: 'payment.succeeded',
      reason: 'no-charge-id',
    });
  });

  it.each([
    ['not JSON', 'not json'],
    ['truncated JSON', '{"id":"evt_1","type":"payment.succ'],
    ['a JSON array', '[]'],
    ['no id', { type: 'payment.succeeded', data: { id: 'ch_1' } }],
    ['no data', { id: 'evt_1', type: 'payment.succeeded' }],
  ])('calls %s malformed', (_name, body) => {
    expect(parsePspEvent(raw(body))).toEqual({ kind: 'malformed' });
  });
});
