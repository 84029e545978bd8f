import { Module } from '@nestjs/common';
import { Database } from '@app/database';
import { createLogger } from '@app/observability';
import { type Redis } from 'ioredis';
import { type AuthConfig } from '../config/auth.config.js';
import { AUTH_CONFIG, AUTH_REDIS } from '../config/tokens.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { DbThrottleStore } from './db-throttle.store.js';
import { FallbackThrottleStore } from './fallback-throttle.store.js';
import { LoginThrottle } from './login-throttle.js';
import { RedisThrottleStore } from './redis-throttle.store.js';

function loginThrottle(redis: Redis, guard: RedisGuard, db: Database, { auth }: AuthConfig): LoginThrottle {
  const lockout = {
    waitIncrementSeconds: auth.BRUTE_FORCE_WAIT_INCREMENT_SECONDS,
    maxWaitSeconds: auth.BRUTE_FORCE_MAX_WAIT_SECONDS,
    resetSeconds: auth.BRUTE_FORCE_RESET_SECONDS,
  };
  const store = new FallbackThrottleStore(new RedisThrottleStore(redis, guard), new DbThrottleStore(db), createLogger('auth'));
  return new LoginThrottle(store, {
    account: { ...lockout, maxFailures: auth.BRUTE_FORCE_ACCOUNT_MAX_FAILURES },
    ip: { ...lockout, maxFailures: auth.BRUTE_FORCE_IP_MAX_FAILURES },
  });
}

/** Login throttling per account and per client address. */
@Module({
  providers: [
    { provide: LoginThrottle, useFactory: loginThrottle, inject: [AUTH_REDIS, RedisGuard, Database, AUTH_CONFIG] },
  ],
  exports: [LoginThrottle],
})
export class BruteForceModule {}
