import { createHmac } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { checkPspSignature } from './psp-signature.js';

const SECRET = 'psp-webhook-secret-for-tests';
const NOW = 1_800_000_000;
const body = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');
const sign = (t: number, raw: Buffer = body, secret = SECRET) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex')}`;

describe(checkPspSignature.name, () => {
  it('accepts the HMAC-SHA256 of "{t}.{raw body}" within the window', () => {
    expect(checkPspSignature(sign(NOW), body, SECRET, 300, NOW)).toBe('valid');
    expect(checkPspSignature(sign(NOW - 300), body, SECRET, 300, NOW)).toBe('valid');
  });

  it('accepts any of several v1 signatures (secret roll) and ignores unknown schemes', () => {
    const other = sign(NOW, body, 'the-old-secret-000').split(',')[1];
    expect(
      checkPspSignature(`t=${NOW},v0=abc,${other},${sign(NOW).split(',')[1]}`, body, SECRET, 300, NOW),
    ).toBe('valid');
  });

  it('calls a missing header unsigned', () => {
    expect(checkPspSignature(undefined, body, SECRET, 300, NOW)).toBe('unsigned');
    expect(checkPspSignature(' ', body, SECRET, 300, NOW)).toBe('unsigned');
  });

  it('refuses a signature over other bytes, another secret, or a garbled header', () => {
    expect(checkPspSignature(sign(NOW, Buffer.from(`${body.toString()} `)), body, SECRET, 300, NOW)).toBe(
      'bad_signature',
    );
    expect(checkPspSignature(sign(NOW, body, 'another-secret-0000'), body, SECRET, 300, NOW)).toBe(
      'bad_signature',
    );
    expect(checkPspSignature('t=abc,v1=zz', body, SECRET, 300, NOW)).toBe('bad_signature');
    expect(checkPspSignature(`v1=${'0'.repeat(64)}`, body, SECRET, 300, NOW)).toBe('bad_signature');
  });

  it('refuses a signed timestamp moved after signing (it is part of the signed content)', () => {
    const [, v1] = sign(NOW - 1_000).split(',');
    expect(checkPspSignature(`t=${NOW},${v1}`, body, SECRET, 300, NOW)).toBe('bad_signature');
  });

  it('refuses a correct signature older or newer than the tolerance', () => {
    expect(checkPspSignature(sign(NOW - 301), body, SECRET, 300, NOW)).toBe('stale_timestamp');
    expect(checkPspSignature(sign(NOW + 301), body, SECRET, 300, NOW)).toBe('future_timestamp');
  });

  it('refuses everything when no secret is configured', () => {
    expect(checkPspSignature(sign(NOW), body, undefined, 300, NOW)).toBe('bad_signature');
  });
});
