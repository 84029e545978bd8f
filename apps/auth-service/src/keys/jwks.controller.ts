import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG } from '../config/tokens.js';
import { KeyRing, type PublicJwk } from './key-ring.js';

interface HeaderReply {
  header(name: string, value: string): unknown;
}

@ApiTags('auth')
@Controller('auth/.well-known')
export class JwksController {
  constructor(
    private readonly ring: KeyRing,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  // A retired key stays published for a whole token lifetime, so caching for minutes is safe;
  // a consumer meeting an unknown kid refetches.
  @Get('jwks.json')
  @ApiOkResponse({ description: 'Every public key that may have signed a live access token (RFC 7517).' })
  async jwks(@Res({ passthrough: true }) reply: HeaderReply): Promise<{ keys: PublicJwk[] }> {
    reply.header('Cache-Control', `public, max-age=${this.config.auth.JWKS_MAX_AGE_SECONDS}`);
    return this.ring.jwks();
  }
}
