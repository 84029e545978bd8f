export { type RedisSentinel, type StartRedisSentinelOptions, startRedisSentinel } from './redis-sentinel.js';
export { type RedisServer, type StartRedisOptions, startRedis } from './redis-server.js';
export { type StopMode } from './redis-process.js';
