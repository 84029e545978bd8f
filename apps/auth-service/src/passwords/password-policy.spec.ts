import { describe, expect, it } from '@jest/globals';
import { loadBundledBlocklist, parseBlocklist, PasswordPolicy } from './password-policy.js';

const sut = new PasswordPolicy({
  minLength: 12,
  maxLength: 128,
  blocklist: parseBlocklist('# c\npassword\nqwertyuiop123\n'),
});

describe(PasswordPolicy.name, () => {
  it('accepts a long, uncommon password', () => {
    expect(sut.violation('violet kettle orbit')).toBeUndefined();
  });

  it('refuses a password shorter than the minimum', () => {
    expect(sut.violation('short pw')).toBe('must be at least 12 characters');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(sut.violation('🔑'.repeat(11))).toBe('must be at least 12 characters');
    expect(sut.violation('🔑'.repeat(12))).toBeUndefined();
  });

  it('refuses a password longer than the maximum', () => {
    expect(sut.violation('x'.repeat(129))).toBe('must be at most 128 characters');
  });

  it('refuses a listed password whatever its case', () => {
    expect(sut.violation('QwertyUiop123')).toMatch(/too common/);
  });

  it('refuses a listed password with a digits-and-symbols suffix', () => {
    expect(sut.violation('Password2024!!')).toMatch(/too common/);
  });

  it('refuses a password made of the email address', () => {
    expect(sut.violation('alice.smith@example.com', 'Alice.Smith@example.com')).toMatch(/email/);
    expect(sut.violation('alice.smith1234', 'alice.smith@example.com')).toMatch(/email/);
  });
});

describe(loadBundledBlocklist.name, () => {
  it('ships a few hundred entries without the comment lines', () => {
    const list = loadBundledBlocklist();
    expect(list.size).toBeGreaterThan(300);
    expect(list.has('123456')).toBe(true);
    expect([...list].some((entry) => entry.startsWith('#'))).toBe(false);
  });
});
