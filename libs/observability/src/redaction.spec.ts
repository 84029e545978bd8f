import { describe, expect, it } from '@jest/globals';

import { censorSecrets, REDACT_CENSOR } from './redaction.js';

describe(censorSecrets.name, () => {
  it('censors sensitive keys at the first, second and third level', () => {
    const sut = censorSecrets({
      password: 'p1',
      user: { refresh_token: 't2', name: 'kept' },
      req: { headers: { authorization: 'Bearer a3', 'set-cookie': 'c3' } },
    });

    expect(sut).toEqual({
      password: REDACT_CENSOR,
      user: { refresh_token: REDACT_CENSOR, name: 'kept' },
      req: { headers: { authorization: REDACT_CENSOR, 'set-cookie': REDACT_CENSOR } },
    });
  });

  it('stops below the third level, as the documented guarantee says', () => {
    const sut = censorSecrets({ a: { b: { c: { secret: 's4' } } } });

    expect(sut).toEqual({ a: { b: { c: { secret: 's4' } } } });
  });

  it('never changes the caller’s object and shares branches without secrets', () => {
    const clean = { amount: 1250 };
    const input = { clean, nested: { token: 'tok' } };

    const sut = censorSecrets(input);

    expect(input.nested.token).toBe('tok');
    expect(sut.clean).toBe(clean);
    expect(censorSecrets(clean)).toBe(clean);
  });

  it('walks arrays', () => {
    const sut = censorSecrets({ endpoints: [{ url: 'https://m.example', signing_secret: 'whsec' }] });

    expect(sut.endpoints).toEqual([{ url: 'https://m.example', signing_secret: REDACT_CENSOR }]);
  });

  it('keeps an error an error, with its message and stack, when a property is censored', () => {
    const err = Object.assign(new TypeError('boom'), { config: { apiKey: 'k1' } });

    const sut = censorSecrets({ err }).err;

    expect(sut).toBeInstanceOf(TypeError);
    expect(sut.message).toBe('boom');
    expect(sut.stack).toBe(err.stack);
    expect(sut.config.apiKey).toBe(REDACT_CENSOR);
    expect(err.config.apiKey).toBe('k1');
  });

  it('leaves class instances other than errors to their serializers', () => {
    class Opaque {
      readonly token = 'inside';
    }
    const opaque = new Opaque();

    expect(censorSecrets({ opaque }).opaque).toBe(opaque);
  });

  it('leaves an undefined sensitive value undefined, so pino still omits the key', () => {
    expect(censorSecrets({ password: undefined })).toEqual({ password: undefined });
  });
});
