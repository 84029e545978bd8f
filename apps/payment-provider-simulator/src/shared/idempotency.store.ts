import { Injectable } from '@nestjs/common';

import { jsonFingerprint, NotCanonicalizableError } from '@app/canonical-json';

import { ProviderError } from './provider.error.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface IdempotencyRecord {
  fingerprint: string;
  response: StoredResponse;
}

// A key remembers the first request that created something and its answer. Requests that
// created nothing (validation errors, provider 500s) are not remembered and may be retried.
@Injectable()
export class IdempotencyStore {
  private records = new Map<string, IdempotencyRecord>();

  /** The stored answer for this key, or undefined when the key is new. Throws 422 on a different request. */
  replay(key: string, fingerprint: string): StoredResponse | undefined {
    const record = this.records.get(key);
    if (record === undefined) return undefined;
    if (record.fingerprint !== fingerprint) {
      throw new ProviderError(
        422,
        'idempotency_error',
        'idempotency_key_reused',
        'Keys for idempotent requests can only be used with the same parameters they were first used with.',
      );
    }
    return record.response;
  }

  remember(key: string, fingerprint: string, response: StoredResponse): void {
    this.records.set(key, { fingerprint, response });
  }

  reset(): void {
    this.records = new Map();
  }
}

// RFC 8785 form of the body (@app/canonical-json), so the simulator and payment-service agree
// on what "the same request" is. Keys live in memory only: no stored fingerprint outlives a restart.
export function fingerprintOf(route: string, body: object): string {
  try {
    return jsonFingerprint([route], body);
  } catch (err) {
    if (!(err instanceof NotCanonicalizableError)) throw err;
    throw new ProviderError(
      400,
      'invalid_request_error',
      'parameter_invalid',
      'Strings must be well-formed Unicode.',
    );
  }
}

export function requireIdempotencyKey(key: string | undefined): string {
  if (key === undefined || key.length === 0 || key.length > 255) {
    throw new ProviderError(
      400,
      'invalid_request_error',
      'idempotency_key_required',
      'An Idempotency-Key header of 1 to 255 characters is required.',
    );
  }
  return key;
}
