import { type RedisEnv } from './redis.env.js';

export interface RedisConnectionOptions {
  /** Standalone: redis[s]://[:password@]host:port[/db] */
  url?: string;
  /** Sentinel mode: where the sentinels listen, and the name they know the master by. */
  sentinels?: { host: string; port: number }[];
  masterName?: string;
  /** The data nodes' requirepass (also for Sentinel mode). */
  password?: string;
  sentinelPassword?: string;
  /** Default 500. */
  commandTimeoutMs?: number;
  /** Default 1000. */
  connectTimeoutMs?: number;
}

export function redisOptionsFromEnv(env: RedisEnv): RedisConnectionOptions {
  const common = {
    password: env.REDIS_PASSWORD,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  };
  if (env.REDIS_URL !== undefined) return { ...common, url: env.REDIS_URL };
  return {
    ...common,
    sentinels: (env.REDIS_SENTINELS ?? []).map(parseHostPort),
    masterName: env.REDIS_MASTER_NAME,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
  };
}

function parseHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}
