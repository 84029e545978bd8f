import { revokedJtiKey } from '@app/auth-contract';
import { createLogger } from '@app/observability';
import { Injectable } from '@nestjs/common';

import { RevocationDenylist } from './token-ports.js';
import { TokenRedis } from './token-redis.js';

const logger = createLogger('token-denylist');

/** auth-service writes `revokedJtiKey(jti)` on logout, kept until the token's exp. */
@Injectable()
export class RedisRevocationDenylist extends RevocationDenylist {
  constructor(private readonly redis: TokenRedis) {
    super();
  }

  async isRevoked(jti: string): Promise<boolean | undefined> {
    try {
      return (await this.redis.commands.exists(revokedJtiKey(jti))) === 1;
    } catch (err) {
      logger.debug({ err: (err as Error).message }, 'denylist unavailable');
      return undefined;
    }
  }
}
