import { jsonFingerprint, NotCanonicalizableError } from '@app/canonical-json';
import { ValidationProblemError } from '@app/problem-details';

// "Same request" means same method, same path and the same JSON value: key order and
// whitespace do not matter, anything else does (IETF idempotency-key draft, fingerprint).
// The body's form is RFC 8785 (ADR 0008); a body JSON parses but JCS refuses (a lone
// surrogate in a string) is the client's error, not a 500.
export function requestFingerprint(method: string, path: string, body: unknown): string {
  try {
    return jsonFingerprint([method.toUpperCase(), path], body ?? null);
  } catch (err) {
    if (!(err instanceof NotCanonicalizableError)) throw err;
    throw new ValidationProblemError([{ field: 'body', message: 'strings must be well-formed Unicode' }]);
  }
}
