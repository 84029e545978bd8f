import { type AccessTokenClaims } from '@app/auth-contract';
import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { InvalidAccessTokenError } from './access-tokens.js';
import { TokenAuthenticator } from './token-authenticator.js';
import { UnauthenticatedError } from './tokens.errors.js';

export interface Authenticated {
  token: string;
  claims: AccessTokenClaims;
}

interface RequestWithAuth {
  headers: Record<string, string | string[] | undefined>;
  auth?: Authenticated;
}

/** `Authorization: Bearer <jwt>`, verified and checked against the denylist. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly authenticator: TokenAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithAuth>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(String(request.headers['authorization'] ?? ''));
    if (!match) throw new UnauthenticatedError();
    try {
      request.auth = { token: match[1]!, claims: await this.authenticator.authenticate(match[1]!) };
    } catch (err) {
      if (err instanceof InvalidAccessTokenError)
        throw new UnauthenticatedError('The access token is invalid, expired or revoked.');
      throw err; // a database outage becomes 503 in ServiceProblemFilter
    }
    return true;
  }
}

export const CurrentAuth = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Authenticated => {
    const auth = context.switchToHttp().getRequest<RequestWithAuth>().auth;
    if (!auth) throw new UnauthenticatedError();
    return auth;
  },
);
