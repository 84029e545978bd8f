import { readFileSync } from 'node:fs';

export interface PasswordPolicyOptions {
  minLength: number;
  maxLength: number;
  blocklist: ReadonlySet<string>;
}

// NIST SP 800-63B: length is counted in Unicode code points, no composition rules, and a
// blocklist of common or breached values. Trailing digits/symbols are stripped before the
// lookup so "password2024!" is caught by "password".
export class PasswordPolicy {
  constructor(private readonly opts: PasswordPolicyOptions) {}

  /** The first rule the password breaks, or undefined when it is acceptable. */
  violation(password: string, email?: string): string | undefined {
    const length = [...password].length;
    if (length < this.opts.minLength) return `must be at least ${this.opts.minLength} characters`;
    if (length > this.opts.maxLength) return `must be at most ${this.opts.maxLength} characters`;
    const lowered = password.normalize('NFKC').toLowerCase();
    const stem = lowered.replace(/[\d\W_]+$/u, '');
    if (this.opts.blocklist.has(lowered) || this.opts.blocklist.has(stem)) {
      return 'is too common: it appears in lists of breached passwords';
    }
    if (email && isContextual(lowered, email)) return 'must not be based on the email address';
    return undefined;
  }
}

function isContextual(lowered: string, email: string): boolean {
  const normalisedEmail = email.trim().toLowerCase();
  const local = normalisedEmail.split('@')[0] ?? '';
  return lowered === normalisedEmail || (local.length >= 4 && lowered.replace(/[\d\W_]+$/u, '') === local);
}

export function parseBlocklist(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
}

/** The list shipped beside this module (the build copies it into dist). */
export function loadBundledBlocklist(): Set<string> {
  return parseBlocklist(readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8'));
}
