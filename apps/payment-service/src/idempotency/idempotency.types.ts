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

/** What the client is answered, and what a replay of the key answers again, byte for byte. */
export interface StoredResponse {
  status: number;
  /** The exact JSON text of the first answer: serialized once, sent and stored as these bytes. */
  body: string;
  contentType: string;
  /** What the answer created, recorded on the key for operators; never sent. */
  resourceId?: string;
}

export interface Answer extends StoredResponse {
  replayed: boolean;
}
