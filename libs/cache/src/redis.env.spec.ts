import { ConfigError, loadConfig } from '@app/config';
import { describe, expect, it } from '@jest/globals';
import { RedisEnv } from './redis.env.js';
import { redisOptionsFromEnv } from './redis.options.js';

function load(env: NodeJS.ProcessEnv): RedisEnv {
  return loadConfig({ redis: RedisEnv }, env).redis;
}

function invalidKeys(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.keys;
    throw err;
  }
  throw new Error('expected the environment to be rejected');
}

describe(RedisEnv.name, () => {
  it('accepts a standalone URL and defaults the command timeout', () => {
    const sut = load({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/0' });

    expect(redisOptionsFromEnv(sut)).toEqual({
      url: 'redis://:pw@127.0.0.1:6379/0',
      commandTimeoutMs: 500,
      password: undefined,
    });
  });

  it('accepts sentinels with a master name and maps them to host/port pairs', () => {
    const sut = load({
      REDIS_SENTINELS: '127.0.0.1:26379, 10.0.0.2:26380',
      REDIS_MASTER_NAME: 'paymaster',
      REDIS_PASSWORD: 'data-pass',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pass',
      REDIS_COMMAND_TIMEOUT_MS: '250',
    });

    expect(redisOptionsFromEnv(sut)).toEqual({
      sentinels: [
        { host: '127.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      masterName: 'paymaster',
      password: 'data-pass',
      sentinelPassword: 'sentinel-pass',
      commandTimeoutMs: 250,
    });
  });

  it.each([
    ['neither way to reach Redis', {}, ['REDIS_URL']],
    [
      'both ways at once',
      { REDIS_URL: 'redis://h:1', REDIS_SENTINELS: 'h:2', REDIS_MASTER_NAME: 'm' },
      ['REDIS_URL'],
    ],
    ['sentinels without a master name', { REDIS_SENTINELS: 'h:2' }, ['REDIS_MASTER_NAME']],
    ['a master name without sentinels', { REDIS_MASTER_NAME: 'm' }, ['REDIS_SENTINELS']],
    ['a sentinel without a port', { REDIS_SENTINELS: 'h', REDIS_MASTER_NAME: 'm' }, ['REDIS_SENTINELS']],
    ['a URL of another scheme', { REDIS_URL: 'http://h:1' }, ['REDIS_URL']],
    [
      'a command timeout that is not a number',
      { REDIS_URL: 'redis://h:1', REDIS_COMMAND_TIMEOUT_MS: 'soon' },
      ['REDIS_COMMAND_TIMEOUT_MS'],
    ],
  ])('rejects %s', (_label, env, keys) => {
    expect(invalidKeys(env)).toEqual(keys);
  });
});
