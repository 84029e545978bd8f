import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { findRedisServerBinary } from '../src/redis/redis-binary.js';
import { type RedisServer, startRedis } from '../src/redis/index.js';

// A raw client with no retries, so a stopped server shows up as an error at once.
async function ping(url: string, commandTimeout?: number): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    commandTimeout,
  });
  client.on('error', (err: Error) => expect(err).toBeInstanceOf(Error));
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe(startRedis.name, () => {
  let sut: RedisServer;

  beforeAll(async () => {
    sut = await startRedis({ password: 's3cret/pass' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('serves on a loopback port behind the password in its url', async () => {
    expect(sut.url).toBe(`redis://:s3cret%2Fpass@127.0.0.1:${sut.port}`);
    await expect(ping(sut.url)).resolves.toBe('PONG');
    await expect(ping(`redis://127.0.0.1:${sut.port}`)).rejects.toThrow(/NOAUTH/);
  });

  it('stops and starts again on the same port', async () => {
    await sut.stop('kill');
    expect(sut.isRunning()).toBe(false);
    await expect(isPortOpen(sut.port)).resolves.toBe(false);

    await sut.start();
    expect(sut.isRunning()).toBe(true);
    await expect(ping(sut.url)).resolves.toBe('PONG');
  });

  it('pauses without closing connections, then resumes', async () => {
    sut.pause();
    await expect(ping(sut.url, 200)).rejects.toThrow('Command timed out');

    sut.resume();
    await expect(ping(sut.url)).resolves.toBe('PONG');
  });

  it('removes its directory and frees its port on close', async () => {
    const other = await startRedis();
    const dir = await configDir(other.url);

    await other.close();

    expect(existsSync(dir)).toBe(false);
    await expect(isPortOpen(other.port)).resolves.toBe(false);
  });
});

async function configDir(url: string): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 0 });
  try {
    const [, dir] = (await client.config('GET', 'dir')) as string[];
    return dir;
  } finally {
    client.disconnect();
  }
}

describe(findRedisServerBinary.name, () => {
  it('names the apt package when redis-server is missing', () => {
    expect(() => findRedisServerBinary(['/nonexistent'])).toThrow(/apt-get install -y redis-server/);
  });
});
