import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { KeyCipher } from '@app/sealing';
import { KeyRing, NoSigningKeyError, type SigningKeyLoader, type StoredSigningKey } from './key-ring.js';
import { generateSigningKey } from './signing-key.factory.js';

const cipher = new KeyCipher(randomBytes(32).toString('base64'));

class FakeLoader implements SigningKeyLoader {
  rows: StoredSigningKey[] = [];
  calls = 0;
  failing = false;

  async add(): Promise<StoredSigningKey> {
    for (const row of this.rows) row.retiredAt ??= new Date();
    const row = { ...(await generateSigningKey(cipher)), createdAt: new Date(), retiredAt: null };
    this.rows.unshift(row);
    return row;
  }
  async listVerifiable(): Promise<StoredSigningKey[]> {
    this.calls++;
    if (this.failing) throw new Error('database down');
    return this.rows.map((row) => ({ ...row }));
  }
}

function setup() {
  let now = 1_000_000;
  const loader = new FakeLoader();
  const sut = new KeyRing(loader, cipher, 30_000, () => now);
  return { loader, sut, advance: (ms: number) => (now += ms) };
}

describe(KeyRing.name, () => {
  it('signs with the key that is not retired and publishes every verifiable key', async () => {
    const { loader, sut } = setup();
    const first = await loader.add();
    const second = await loader.add();
    expect((await sut.signingKey()).kid).toBe(second.kid);
    const { keys } = await sut.jwks();
    expect(keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    expect(keys[0]).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: second.publicJwk.x,
      kid: second.kid,
      alg: 'EdDSA',
      use: 'sig',
    });
  });

  it('fails clearly when the database holds no active key', async () => {
    const { sut } = setup();
    await expect(sut.signingKey()).rejects.toBeInstanceOf(NoSigningKeyError);
  });

  it('reads the database once per refresh interval', async () => {
    const { loader, sut, advance } = setup();
    await loader.add();
    await Promise.all([sut.signingKey(), sut.signingKey(), sut.jwks()]);
    advance(29_000);
    await sut.signingKey();
    expect(loader.calls).toBe(1);
    advance(1_000);
    await sut.signingKey();
    expect(loader.calls).toBe(2);
  });

  it('reloads when a token names a kid another replica just created', async () => {
    const { loader, sut, advance } = setup();
    await loader.add();
    await sut.signingKey();
    const rotated = await loader.add();
    advance(1_000);
    expect(await sut.verificationKey(rotated.kid)).toBeDefined();
  });

  it('keeps the last good keys while the database is unreachable', async () => {
    const { loader, sut, advance } = setup();
    const key = await loader.add();
    await sut.signingKey();
    loader.failing = true;
    advance(60_000);
    await expect(sut.signingKey()).resolves.toMatchObject({ kid: key.kid });
  });
});
