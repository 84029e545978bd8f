import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from './idempotency.errors.js';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Reads the `Idempotency-Key` header. The IETF draft makes it an RFC 8941 sf-string (quoted);
 * Stripe-style clients send it bare, so both forms are accepted and mean the same key.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') throw new IdempotencyKeyMissingError();
  if (Array.isArray(header)) throw new IdempotencyKeyInvalidError('send exactly one Idempotency-Key header');
  const key = header.startsWith('"') ? unquoteSfString(header) : header.trim();
  if (key.length === 0) throw new IdempotencyKeyMissingError();
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new IdempotencyKeyInvalidError(`the key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  if (!PRINTABLE_ASCII.test(key)) throw new IdempotencyKeyInvalidError('the key must be printable ASCII');
  return key;
}

function unquoteSfString(raw: string): string {
  const match = /^"((?:[^"\\]|\\["\\])*)"$/.exec(raw.trim());
  if (!match) throw new IdempotencyKeyInvalidError('malformed quoted key');
  return match[1].replace(/\\(["\\])/g, '$1');
}
