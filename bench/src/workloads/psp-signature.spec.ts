import { describe, expect, it } from '@jest/globals';

import { signPspWebhook } from './psp-signature.js';

describe(signPspWebhook.name, () => {
  it('signs "{t}.{body}" with HMAC-SHA256 (vector computed with openssl dgst -hmac)', () => {
    expect(signPspWebhook('whsec_test', '{"id":"evt_1"}', 1_700_000_000)).toBe(
      't=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925',
    );
  });

  it('changes with the timestamp, so a replayed signature cannot be moved in time', () => {
    expect(signPspWebhook('s', '{}', 1)).not.toBe(signPspWebhook('s', '{}', 2).replace('t=2', 't=1'));
  });
});
