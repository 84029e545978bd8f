import { createLogger, type Logger } from '@app/observability';
import { Redis, type RedisOptions } from 'ioredis';
import { LogThrottle } from './log-throttle.js';
import { type RedisConnectionOptions } from './redis.options.js';

const ERROR_LOG_INTERVAL_MS = 10_000;
const REVIVE_DELAY_MS = 500;

/** Clients closed on purpose (closeRedis): their 'end' is the end. */
const closedOnPurpose = new WeakSet<Redis>();

// A client that fails fast instead of queueing: while Redis is unreachable a command is
// rejected at once (no offline queue), and one that hangs is cut at commandTimeout, so callers
// such as CacheAside can fall back instead of piling requests up behind a dead connection.
export function createRedis(opts: RedisConnectionOptions, logger: Logger = createLogger('redis')): Redis {
  const common: RedisOptions = {
    commandTimeout: opts.commandTimeoutMs ?? 500,
    connectTimeout: opts.connectTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    // Commands issued in the same tick by concurrent requests go out in one write: under load this
    // turns a round trip per command into one per batch (docs/performance.md).
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    // Keep reconnecting for ever, never slower than every half second.
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
    // After a failover the old master turns replica and answers writes with READONLY: reconnect
    // so Sentinel hands us the new master. `true`, not 2: with no offline queue a resend would
    // fail anyway, so the command is rejected and the caller degrades.
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
    ...(opts.password === undefined ? {} : { password: opts.password }),
  };
  const redis = opts.sentinels?.length ? sentinelClient(opts, common) : standaloneClient(opts, common);
  watch(redis, logger);
  return redis;
}

function sentinelClient(opts: RedisConnectionOptions, common: RedisOptions): Redis {
  if (!opts.masterName) throw new Error('createRedis: sentinels need a masterName');
  return new Redis({
    ...common,
    sentinels: opts.sentinels,
    name: opts.masterName,
    role: 'master',
    sentinelPassword: opts.sentinelPassword,
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    // Subscribes to +switch-master so a failover is noticed before the next command fails.
    failoverDetector: true,
  });
}

function standaloneClient(opts: RedisConnectionOptions, common: RedisOptions): Redis {
  if (!opts.url) throw new Error('createRedis: give either url, or sentinels and masterName');
  return new Redis(opts.url, common);
}

/** Closes a client from createRedis for good (shutdown); use it instead of `disconnect()`. */
export function closeRedis(redis: Redis): void {
  closedOnPurpose.add(redis);
  redis.disconnect();
}

// Without an 'error' listener ioredis' errors crash the process; with one that logs every
// reconnect attempt, an outage floods the logs. So: always listen, log at most every 10 s.
//
// ioredis 5 also gives up for good ('end', every command "Connection is closed.") when a
// reconnect is requested while it is connecting, which a Sentinel failover does (the failover
// detector's or READONLY's disconnect(true) racing the reconnect). The chaos suite caught an
// auth instance that never used Redis again after a Redis master loss. So an 'end' nobody asked
// for starts a new connect.
function watch(redis: Redis, logger: Logger): void {
  const throttle = new LogThrottle(ERROR_LOG_INTERVAL_MS);
  let failing = false;
  redis.on('error', (err: Error) => {
    failing = true;
    const turn = throttle.take();
    if (turn) logger.warn({ err: err.message, suppressed: turn.suppressed }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (failing) logger.info('redis connection ready again');
    failing = false;
  });
  redis.on('end', () => {
    if (closedOnPurpose.has(redis)) return;
    logger.warn('redis client ended without being closed; connecting again');
    setTimeout(() => {
      if (!closedOnPurpose.has(redis) && redis.status === 'end') redis.connect().catch(() => undefined);
    }, REVIVE_DELAY_MS).unref();
  });
}
