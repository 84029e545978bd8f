import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';

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

export function fingerprintOf(route: string, body: object): string {
  return createHash('sha256').update(route).update('\n').update(canonicalJson(body)).digest('hex');
}

// Key order must not make two equal bodies look different.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
