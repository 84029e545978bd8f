/** The caller, as every route sees it. */
export interface AuthenticatedUser {
  /** The token's `sub`: the user id. */
  id: string;
  jti: string;
  /** Unix seconds. */
  exp: number;
}

/** What the cache keeps per token: enough to rebuild the user and check the denylist. */
export interface CachedClaims {
  sub: string;
  jti: string;
  exp: number;
}

export function userOf(claims: CachedClaims): AuthenticatedUser {
  return { id: claims.sub, jti: claims.jti, exp: claims.exp };
}
