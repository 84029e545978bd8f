import { type AccessTokenClaims } from '@app/auth-contract';

/** The OAuth-style answer of login and refresh. */
export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export function toTokenPair(access: { claims: AccessTokenClaims; token: string }, refreshToken: string): TokenPair {
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.claims.exp - access.claims.iat,
    refresh_token: refreshToken,
  };
}
