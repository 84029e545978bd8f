import { type AccessTokenClaims, type IntrospectionResponse } from '@app/auth-contract';
import { type AccessTokens, InvalidAccessTokenError } from './access-tokens.js';
import { type Revocations } from './revocations.js';

/** A token is accepted when its signature and claims verify and its jti is not revoked. */
export class TokenAuthenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly revocations: Revocations,
  ) {}

  async authenticate(token: string): Promise<AccessTokenClaims> {
    const claims = await this.tokens.verify(token);
    if (await this.revocations.isRevoked(claims.jti)) throw new InvalidAccessTokenError('revoked');
    return claims;
  }

  /** RFC 7662: anything not active is `{active: false}` and nothing else. */
  async introspect(token: string): Promise<IntrospectionResponse> {
    try {
      const claims = await this.authenticate(token);
      return { active: true, token_type: 'access_token', ...claims };
    } catch (err) {
      if (err instanceof InvalidAccessTokenError) return { active: false };
      throw err;
    }
  }
}
