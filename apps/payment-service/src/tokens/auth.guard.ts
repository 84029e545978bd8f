import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

import { type AuthenticatedUser } from './authenticated-user.js';
import { TokenValidator } from './token-validator.js';
import { MissingTokenError } from './tokens.errors.js';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/** `@UseGuards(AuthGuard)` on a controller: 401 problem+json with `WWW-Authenticate: Bearer` unless the token is good. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly validator: TokenValidator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.user = await this.validator.validate(bearerToken(request.headers.authorization));
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)[ ]*$/i.exec(header) : null;
  if (match === null) throw new MissingTokenError();
  return match[1];
}
