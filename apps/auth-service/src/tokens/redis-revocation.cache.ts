import { REVOCATION_CHANNEL, revokedJtiKey } from '@app/auth-contract';
import { type Redis } from 'ioredis';
import { type RedisGuard } from '../redis/redis-guard.js';
import { type RevocationCache } from './revocation.store.js';

export class RedisRevocationCache implements RevocationCache {
  constructor(
    private readonly redis: Redis,
    private readonly guard: RedisGuard,
  ) {}

  async add(jti: string, ttlSeconds: number): Promise<void> {
    await this.guard.run(() => this.redis.set(revokedJtiKey(jti), '1', 'EX', ttlSeconds));
  }

  /** undefined (not false) when Redis cannot answer, so the caller asks the database. */
  async has(jti: string): Promise<boolean | undefined> {
    try {
      return (await this.guard.run(() => this.redis.exists(revokedJtiKey(jti)))) === 1;
    } catch {
      return undefined;
    }
  }

  async publish(message: string): Promise<void> {
    await this.guard.run(() => this.redis.publish(REVOCATION_CHANNEL, message));
  }
}
