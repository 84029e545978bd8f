import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

import { renderOverlay } from './manifests.js';

// The Redis and Sentinel pods' scripts, run for real with Debian's redis-server 7.0 (the image's
// major): a master, its replica and a Sentinel, on loopback. Only what a cluster provides is moved:
// each pod's volume becomes a temporary directory, each pod name a free loopback port.
const PASSWORD = 'test-password';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached in ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const infoField = (info: string, field: string) => new RegExp(`^${field}:(.*)\\r?$`, 'm').exec(info)?.[1];

describe('the Redis and Sentinel pod scripts', () => {
  let dir: string;
  let scripts: Record<string, string>;
  let ports: { master: number; replica: number; sentinel: number };
  const running = new Map<string, ChildProcess>();
  const clients: Redis[] = [];

  // The cluster's names, moved onto loopback: pod DNS names, ports and the volume path.
  const onLoopback = (script: string, volume: string, port: number) =>
    script
      .replaceAll('/data', volume)
      .replace(/^port 2?6379$/m, `port ${port}`)
      .replaceAll('stayup-redis-0.stayup-redis 6379', `127.0.0.1 ${ports.master}`)
      .replaceAll('$POD_NAME.stayup-redis', '127.0.0.1')
      .replaceAll('$POD_NAME.stayup-sentinel', '127.0.0.1');

  function startPod(name: string, script: string, port: number) {
    const volume = path.join(dir, name);
    mkdirSync(volume, { recursive: true });
    const child = spawn('sh', ['-c', onLoopback(scripts[script], volume, port)], {
      env: { PATH: process.env.PATH, POD_NAME: name, REDIS_PASSWORD: PASSWORD },
      stdio: 'ignore',
    });
    running.set(name, child);
    return volume;
  }

  async function stopPod(name: string) {
    const child = running.get(name)!;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    running.delete(name);
  }

  const client = (port: number, password?: string) => {
    const c = new Redis({
      host: '127.0.0.1',
      port,
      password,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Each command's failure rejects its promise; the event would only repeat it.
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const configMap = renderOverlay('local').find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name === 'stayup-redis-scripts',
    )!;
    scripts = configMap.data;
    dir = mkdtempSync(path.join(tmpdir(), 'k8s-redis-'));
    ports = { master: await freePort(), replica: await freePort(), sentinel: await freePort() };
    startPod('stayup-redis-0', 'redis.sh', ports.master);
    startPod('stayup-redis-1', 'redis.sh', ports.replica);
    startPod('stayup-sentinel-0', 'sentinel.sh', ports.sentinel);
  });

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    for (const name of [...running.keys()]) await stopPod(name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts ordinal 0 as the master and ordinal 1 as its replica, both behind the password', async () => {
    const replicaInfo = await eventually(
      () => client(ports.replica, PASSWORD).info('replication'),
      (info) => infoField(info, 'master_link_status') === 'up',
    );

    expect(infoField(await client(ports.master, PASSWORD).info('replication'), 'role')).toBe('master');
    expect(infoField(replicaInfo, 'role')).toBe('slave');
    expect(infoField(replicaInfo, 'master_port')).toBe(String(ports.master));
    await expect(client(ports.master).ping()).rejects.toThrow(/NOAUTH/);
  });

  it("has Sentinel monitor the master under the services' master name and find its replica", async () => {
    const sentinel = client(ports.sentinel);
    const master = await eventually(
      async () => {
        const fields = (await sentinel.call('SENTINEL', 'MASTER', 'stackmaster')) as string[];
        return Object.fromEntries(fields.flatMap((v, i) => (i % 2 ? [] : [[v, fields[i + 1]]])));
      },
      (m) => m['num-slaves'] === '1',
    );

    expect(master).toMatchObject({
      ip: '127.0.0.1',
      port: String(ports.master),
      quorum: '2',
      'down-after-milliseconds': '2000',
    });
  });

  it('keeps a config written before, as Sentinel leaves it after a failover, when the pod restarts', async () => {
    await stopPod('stayup-redis-1');
    const conf = path.join(dir, 'stayup-redis-1', 'redis.conf');
    appendFileSync(conf, '# rewritten by Sentinel\n');
    const before = readFileSync(conf, 'utf8');

    startPod('stayup-redis-1', 'redis.sh', ports.replica);
    await eventually(
      () => client(ports.replica, PASSWORD).ping(),
      (pong) => pong === 'PONG',
    );

    expect(readFileSync(conf, 'utf8')).toBe(before);
  });
});
