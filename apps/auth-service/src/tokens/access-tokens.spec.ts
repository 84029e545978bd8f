import { FakeKeySource } from './key-source.fake.js';
import { describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AccessTokens, InvalidAccessTokenError } from './access-tokens.js';

const settings = {
  issuer: 'https://auth.test',
  audience: 'payments',
  ttlSeconds: 900,
  clockToleranceSeconds: 5,
};

function setup(now = () => Date.now()) {
  const keys = new FakeKeySource();
  keys.add('k1');
  return { keys, sut: new AccessTokens(keys, settings, now) };
}

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(InvalidAccessTokenError);
}

describe(AccessTokens.name, () => {
  it('issues a token whose claims and header follow the contract', async () => {
    const { sut } = setup(() => 1_700_000_000_000);
    const { token, claims } = await sut.issue('user-1');
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' });
    expect(claims).toMatchObject({
      iss: settings.issuer,
      aud: 'payments',
      sub: 'user-1',
      iat: 1_700_000_000,
      exp: 1_700_000_900,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('verifies a token it issued', async () => {
    const { sut } = setup();
    const { token, claims } = await sut.issue('user-1');
    await expect(sut.verify(token)).resolves.toMatchObject(claims);
  });

  it('keeps verifying tokens of a key that is no longer the signing key', async () => {
    const { sut, keys } = setup();
    const old = await sut.issue('user-1');
    keys.add('k2');
    const fresh = await sut.issue('user-1');
    await expect(sut.verify(old.token)).resolves.toMatchObject({ sub: 'user-1' });
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
  });

  it('refuses a token with a tampered signature', async () => {
    const { sut } = setup();
    const { token } = await sut.issue('user-1');
    const [h, p, s] = token.split('.');
    const flipped = (s![0] === 'A' ? 'B' : 'A') + s!.slice(1);
    await expectInvalid(sut.verify(`${h}.${p}.${flipped}`));
  });

  it('refuses alg none', async () => {
    const { sut } = setup();
    const unsigned = new UnsecuredJWT({ sub: 'user-1', jti: 'x' })
      .setIssuer(settings.issuer)
      .setAudience('payments')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    await expectInvalid(sut.verify(unsigned));
  });

  it('refuses a token past its expiry plus the leeway', async () => {
    let now = 1_700_000_000_000;
    const { sut } = setup(() => now);
    const { token } = await sut.issue('user-1');
    now += (900 + 6) * 1000;
    await expectInvalid(sut.verify(token));
  });

  it.each([
    ['issuer', { iss: 'https://evil.test' }],
    ['audience', { aud: 'someone-else' }],
  ])('refuses a token with the wrong %s', async (_name, override) => {
    const { sut, keys } = setup();
    const signing = await keys.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      iss: settings.issuer,
      aud: 'payments',
      sub: 'u',
      jti: 'j',
      iat: now,
      exp: now + 60,
      ...override,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: signing.kid, typ: 'at+jwt' })
      .sign(signing.privateKey);
    await expectInvalid(sut.verify(token));
  });

  it('refuses a token without the access-token type', async () => {
    const { sut, keys } = setup();
    const signing = await keys.signingKey();
    const token = await new SignJWT({ sub: 'u', jti: 'j' })
      .setProtectedHeader({ alg: 'EdDSA', kid: signing.kid, typ: 'JWT' })
      .setIssuer(settings.issuer)
      .setAudience('payments')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signing.privateKey);
    await expectInvalid(sut.verify(token));
  });

  it('refuses a token signed by a key it does not know', async () => {
    const { sut } = setup();
    const strangerKeys = new FakeKeySource();
    strangerKeys.add('k1');
    const { token } = await new AccessTokens(strangerKeys, settings).issue('user-1');
    await expectInvalid(sut.verify(token));
  });

  it('refuses garbage', async () => {
    const { sut } = setup();
    await expectInvalid(sut.verify('not.a.jwt'));
    await expectInvalid(sut.verify(''));
  });
});
