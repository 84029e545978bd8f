export interface IdempotentRequest {
  userId: string;
  key: string;
  /** SHA-256 of method, path and canonical body (request-fingerprint.ts). */
  fingerprint: string;
}

/** A key this request now owns; `lockToken` fences out any earlier owner that wakes up late. */
export interface Claim extends IdempotentRequest {
  lockToken: string;
  /** true when an abandoned in-flight claim was taken over: an earlier attempt may have reached the provider. */
  reclaimed: boolean;
}

/** What the client is answered, and what a replay of the key answers again. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface Answer extends StoredResponse {
  replayed: boolean;
}
