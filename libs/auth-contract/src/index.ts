// The wire contract between auth-service and every token consumer (payment-service).
// Auth code never imports payment code and vice versa; both import this.

/** Claims of an access token (RFC 9068 profile: header `typ: at+jwt`, `kid`). */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  /** Session (refresh-token family) the token was minted for; logout revokes it. */
  sid?: string;
  email?: string;
}

/** RFC 7662 answer of `POST /internal/introspect`: anything not active is just `{ active: false }`. */
export type IntrospectionResponse =
  ({ active: true } & AccessTokenClaims & { token_type: 'access_token' }) | { active: false };

/** Published on logout/revocation so token caches drop the entry at once. */
export interface RevocationMessage {
  jti: string;
  /** SHA-256 (hex) of the compact access token: the token cache's key. */
  token_sha256: string;
  /** Unix seconds: after this the token is dead anyway. */
  exp: number;
}

export const REVOCATION_CHANNEL = 'auth:revocations';

/** Redis denylist entry for a revoked access token, kept until the token's `exp`. */
export function revokedJtiKey(jti: string): string {
  return `auth:revoked:jti:${jti}`;
}

/** Signing algorithm pinned on every verification. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
