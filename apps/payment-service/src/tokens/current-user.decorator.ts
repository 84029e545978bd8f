import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { type AuthenticatedRequest } from './auth.guard.js';
import { type AuthenticatedUser } from './authenticated-user.js';

/** The caller that AuthGuard put on the request: `{ id: sub, jti, exp }`. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Only reachable when a route forgot @UseGuards(AuthGuard): a programming error, not a 401.
    if (user === undefined) throw new Error('@CurrentUser() used on a route without AuthGuard');
    return user;
  },
);
