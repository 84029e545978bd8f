import { describe, expect, it } from '@jest/globals';
import { PasswordHasher } from './password-hasher.js';

// Small parameters keep the suite fast; the production parameters are asserted separately.
const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe(PasswordHasher.name, () => {
  it('stores argon2id at the OWASP parameters by default', async () => {
    const sut = new PasswordHasher();
    const phc = await sut.hash('a long enough password');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const sut = new PasswordHasher(cheap);
    const phc = await sut.hash('correct battery');
    await expect(sut.verify(phc, 'correct battery')).resolves.toBe(true);
    await expect(sut.verify(phc, 'wrong battery')).resolves.toBe(false);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    const sut = new PasswordHasher(cheap);
    await expect(sut.verify('not-a-hash', 'whatever')).resolves.toBe(false);
  });

  it('asks for a rehash when the stored parameters differ from the current ones', async () => {
    const old = await new PasswordHasher(cheap).hash('pw');
    const sut = new PasswordHasher({ ...cheap, timeCost: 2 });
    expect(sut.needsRehash(old)).toBe(true);
    expect(sut.needsRehash(await sut.hash('pw'))).toBe(false);
    expect(sut.needsRehash('$2b$10$bcrypt-style')).toBe(true);
  });

  it('answers false for the dummy comparison', async () => {
    const sut = new PasswordHasher(cheap);
    await expect(sut.verifyDummy('anything')).resolves.toBe(false);
  });
});
