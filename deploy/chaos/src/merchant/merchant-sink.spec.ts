import { randomBytes } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';

import { MerchantSink } from './merchant-sink.js';

const secret = `whsec_${randomBytes(24).toString('base64')}`;

/** A delivery signed the way payment-service's relay signs it. */
async function deliver(url: string, id: string, body = '{"type":"payment.succeeded"}', signWith = secret): Promise<number> {
  const signature = new Webhook(signWith).sign(id, new Date(), body);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('MerchantSink', () => {
  let sink: MerchantSink;

  beforeEach(async () => {
    sink = await MerchantSink.start();
    sink.addEndpoint('vu-1', secret);
  });

  afterEach(async () => {
    await sink.close();
  });

  it('accepts a correctly signed delivery and counts each webhook id, repeats included', async () => {
    expect(await deliver(sink.urlFor('vu-1'), 'msg_1')).toBe(204);
    expect(await deliver(sink.urlFor('vu-1'), 'msg_1')).toBe(204);
    expect(await deliver(sink.urlFor('vu-1'), 'msg_2')).toBe(204);
    expect(sink.stats.received).toEqual(new Map([['msg_1', 2], ['msg_2', 1]]));
    expect(sink.redelivered).toBe(1);
  });

  it('refuses a delivery signed with another secret, or for an endpoint nobody registered', async () => {
    expect(await deliver(sink.urlFor('vu-1'), 'msg_1', '{}', `whsec_${randomBytes(24).toString('base64')}`)).toBe(400);
    expect(await deliver(sink.urlFor('vu-2'), 'msg_2')).toBe(400);
    expect(sink.stats.badSignatures).toBe(2);
    expect(sink.stats.received.size).toBe(0);
  });

  it('answers 503 during a merchant outage and 410 for a retired endpoint, counting nothing as received', async () => {
    sink.addEndpoint('vu-2', secret);
    sink.answerAll('unavailable');
    sink.answerFor('vu-2', 'gone');
    expect(await deliver(sink.urlFor('vu-1'), 'msg_1')).toBe(503);
    expect(await deliver(sink.urlFor('vu-2'), 'msg_2')).toBe(410);
    expect(sink.stats.refused).toEqual({ unavailable: 1, gone: 1 });
    expect(sink.stats.received.size).toBe(0);

    sink.answerAll('ok');
    sink.answerFor('vu-2', undefined);
    expect(await deliver(sink.urlFor('vu-2'), 'msg_2')).toBe(204);
  });
});
