export { CacheAside, type CacheAsideOptions, type Ttl } from './cache-aside.js';
export { pingRedis } from './ping-redis.js';
export { RedisEnv } from './redis.env.js';
export { closeRedis, createRedis } from './redis.factory.js';
export { type RedisConnectionOptions, redisOptionsFromEnv } from './redis.options.js';
