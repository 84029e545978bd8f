import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// OWASP Password Storage Cheat Sheet, second argon2id row: m=19 MiB, t=2, p=1.
export const OWASP_ARGON2ID: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// `Algorithm` is a const enum in the native binding's types; swc cannot inline it, so use its value.
const ARGON2ID = 2 as Algorithm;

/** Argon2id PHC strings; one instance per parameter set. */
export class PasswordHasher {
  // Made up front, so the first unknown-email login does not also pay for creating it.
  private readonly dummyHash: Promise<string>;

  constructor(readonly params: Argon2Params = OWASP_ARGON2ID) {
    this.dummyHash = this.hash(randomBytes(16).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID });
  }

  /** A malformed stored hash is a mismatch, never a crash. */
  async verify(phc: string, password: string): Promise<boolean> {
    try {
      return await verify(phc, password);
    } catch (err) {
      if (/invalid|decod|format/i.test(messageOf(err))) return false;
      throw err;
    }
  }

  /** Spends the same work as a real verify so an unknown account cannot be told apart by timing. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(phc: string): boolean {
    try {
      const used = parseOptions(phc);
      return (
        used.algorithm !== ARGON2ID ||
        used.memoryCost !== this.params.memoryCost ||
        used.timeCost !== this.params.timeCost ||
        used.parallelism !== this.params.parallelism
      );
    } catch {
      // Not an argon2 PHC string at all: replace it with one at the next successful login.
      return true;
    }
  }
}

// The native binding's errors come from the main realm, so `instanceof Error` is unreliable.
function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}
