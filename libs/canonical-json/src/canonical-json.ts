import { createHash } from 'node:crypto';

import canonicalize from 'canonicalize';

/** The value has no RFC 8785 form: a lone surrogate, NaN/Infinity, a cycle, or nothing at all. */
export class NotCanonicalizableError extends Error {
  constructor(reason: string) {
    super(`Value has no canonical JSON form: ${reason}`);
    this.name = NotCanonicalizableError.name;
  }
}

// RFC 8785 (JCS): keys sorted by UTF-16 code units at every depth, ECMAScript number and string
// serialisation, no whitespace; undefined inside an array is null, undefined members are dropped,
// exactly as JSON.stringify does. Values JCS forbids throw instead of hashing to something silent.
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (err) {
    throw new NotCanonicalizableError(err instanceof Error ? err.message : String(err));
  }
  if (text === undefined) throw new NotCanonicalizableError('undefined has no JSON form');
  return text;
}

/** SHA-256 hex over the parts joined by newlines, the last one being the canonical JSON of `value`. */
export function jsonFingerprint(parts: readonly string[], value: unknown): string {
  return createHash('sha256')
    .update([...parts, canonicalJson(value)].join('\n'))
    .digest('hex');
}
