import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';

import { generateEndpointSecret, signStandardWebhook } from './standard-webhook.signature.js';

describe(signStandardWebhook.name, () => {
  const secret = generateEndpointSecret();
  const body = JSON.stringify({ id: 'msg_1', type: 'payment.succeeded', data: { amount: 100 } });

  it('produces headers the public standardwebhooks library verifies', () => {
    const now = Math.floor(Date.now() / 1000);
    const sut = signStandardWebhook(secret, 'msg_1', now, body);
    expect(new Webhook(secret).verify(body, { ...sut })).toEqual(JSON.parse(body));
  });

  it('matches the Standard Webhooks specification example', () => {
    // spec/standard-webhooks.md: this secret, id, timestamp and body give exactly this signature.
    const sut = signStandardWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sut['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('fails verification when one byte of the body changes', () => {
    const sut = signStandardWebhook(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body.replace('100', '101'), { ...sut })).toThrow();
  });
});

describe(generateEndpointSecret.name, () => {
  it('is whsec_ followed by the base64 of 24 to 64 random bytes', () => {
    const sut = generateEndpointSecret();
    expect(sut).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(sut.slice('whsec_'.length), 'base64').length;
    expect(bytes).toBeGreaterThanOrEqual(24);
    expect(bytes).toBeLessThanOrEqual(64);
    expect(generateEndpointSecret()).not.toBe(sut);
  });
});
