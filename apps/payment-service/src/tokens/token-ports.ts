import { type IntrospectionResponse } from '@app/auth-contract';

import { type CachedClaims } from './authenticated-user.js';

// The four collaborators of TokenValidator, as abstract classes so they double as Nest tokens
// and unit tests can hand in fakes.

/** Redis, keyed by the token's SHA-256. Never throws: Redis down reads as a miss. */
export abstract class TokenCache {
  abstract get(tokenSha256: string): Promise<CachedClaims | undefined>;
  abstract set(tokenSha256: string, claims: CachedClaims): Promise<void>;
  abstract delete(tokenSha256: string): Promise<void>;
}

/** Auth's RFC 7662 endpoint behind a breaker. Throws when auth cannot be asked. */
export abstract class Introspector {
  abstract introspect(token: string): Promise<IntrospectionResponse>;
}

/** Signature and claims checked against auth's cached JWKS. */
export abstract class LocalVerifier {
  /** The claims, or undefined when the token is not valid. Throws AuthUnavailableError with no keys. */
  abstract verify(token: string): Promise<CachedClaims | undefined>;
}

/** auth's Redis denylist of revoked jtis. */
export abstract class RevocationDenylist {
  /** undefined when Redis cannot answer. */
  abstract isRevoked(jti: string): Promise<boolean | undefined>;
}

/**
 * Optional: Redis work the guard starts for an authenticated read in the same tick as the token
 * lookup, on the same client, so auto-pipelining sends both in one write (docs/adr/0006).
 * `claimedUserId` is the token's unverified `sub`: what is fetched must be checked against the
 * validated user before it is used.
 */
export abstract class ReadPrefetch {
  abstract prefetch(claimedUserId: string): void;
}
