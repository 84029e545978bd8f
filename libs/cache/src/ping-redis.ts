import { type Redis } from 'ioredis';

// For health checks: rejects at once when disconnected (no offline queue), or at commandTimeout.
export async function pingRedis(redis: Redis): Promise<void> {
  const reply = await redis.ping();
  if (reply !== 'PONG') throw new Error(`redis answered PING with ${reply}`);
}
