import { type CanActivate, type ExecutionContext, Injectable, Optional } from '@nestjs/common';

import { type AuthenticatedUser } from './authenticated-user.js';
import { ReadPrefetch } from './token-ports.js';
import { TokenValidator, unverifiedClaim } from './token-validator.js';
import { MissingTokenError } from './tokens.errors.js';

export interface AuthenticatedRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/** `@UseGuards(AuthGuard)` on a controller: 401 problem+json with `WWW-Authenticate: Bearer` unless the token is good. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly validator: TokenValidator,
    @Optional() private readonly prefetch?: ReadPrefetch,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    // Reads are GETs: start their Redis lookup now, so it leaves with the token's (ReadPrefetch).
    if (this.prefetch && request.method === 'GET') {
      const sub = unverifiedClaim(token, 'sub');
      if (sub !== undefined) this.prefetch.prefetch(sub);
    }
    request.user = await this.validator.validate(token);
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string {
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)[ ]*$/i.exec(header) : null;
  if (match === null) throw new MissingTokenError();
  return match[1];
}
