import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { StackClient } from './stack-client.js';
import { type StackProcess } from './stack-status.js';

function row(name: string, health = 'ok', role: string | null = null): StackProcess {
  return {
    name,
    service: name,
    kind: 'service',
    role,
    pid: 100,
    state: 'online',
    health,
    restarts: 0,
    ports: {},
  };
}

/** Answers each status() with the next of `answers`, repeating the last. */
class FakeStack extends StackClient {
  constructor(
    stackDir: string | undefined,
    private readonly answers: (StackProcess[] | Error)[] = [],
  ) {
    super('/repo', stackDir);
  }

  async status(): Promise<StackProcess[]> {
    const next = this.answers.length > 1 ? this.answers.shift() : this.answers[0];
    if (next instanceof Error) throw next;
    return next ?? [];
  }
}

describe(StackClient.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stack-client-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ports and secrets from the state directory, naming a missing key and its file only', () => {
    writeFileSync(path.join(dir, 'ports.env'), 'NGINX_HTTPS_PORT=8443\n');
    writeFileSync(path.join(dir, 'secrets.env'), 'REDIS_PASSWORD=s3cret\n');
    const sut = new FakeStack(dir);
    expect(sut.port('NGINX_HTTPS_PORT')).toBe(8443);
    expect(sut.secret('REDIS_PASSWORD')).toBe('s3cret');
    expect(() => sut.port('AUTH_1_PORT')).toThrow(`AUTH_1_PORT is not in ${dir}/ports.env`);
    expect(() => sut.secret('PG_SUPERUSER_PASSWORD')).toThrow(
      `PG_SUPERUSER_PASSWORD is not in ${dir}/secrets.env`,
    );
    expect(sut.accessLog).toBe(path.join(dir, 'logs', 'nginx-access.log'));
  });

  it('defaults the state directory to .stack in the repository', () => {
    const previous = process.env.STACK_DIR;
    delete process.env.STACK_DIR;
    try {
      expect(new FakeStack(undefined).stackDir).toBe('/repo/.stack');
    } finally {
      if (previous !== undefined) process.env.STACK_DIR = previous;
    }
  });

  it('sees the supervisor running only while the pid in its pid file lives', () => {
    const sut = new FakeStack(dir);
    expect(sut.isRunning()).toBe(false);
    mkdirSync(path.join(dir, 'pm2'));
    writeFileSync(path.join(dir, 'pm2', 'pm2.pid'), `${process.pid}\n`);
    expect(sut.pm2Pid()).toBe(process.pid);
    expect(sut.isRunning()).toBe(true);
    writeFileSync(path.join(dir, 'pm2', 'pm2.pid'), '2147483646');
    expect(sut.isRunning()).toBe(false);
  });

  describe('waitHealthy', () => {
    it('polls until the watched processes are healthy and the condition holds, saying what it waits for', async () => {
      const sut = new FakeStack(dir, [
        new Error('./stack status failed'),
        [row('auth-1', 'down'), row('nginx', 'down')],
        [row('auth-1'), row('nginx', 'down')],
        [row('auth-1', 'ok', 'leader'), row('nginx', 'down')],
      ]);
      const waited: string[] = [];
      const rows = await sut.waitHealthy(5_000, {
        names: ['auth-1'],
        accept: (r) => r[0].role === 'leader',
        pollMs: 1,
        onWaiting: (reason) => waited.push(reason),
      });
      expect(rows[0].role).toBe('leader');
      expect(waited).toEqual(['./stack status failed', 'auth-1: online', '']);
    });

    it('gives up after the timeout, naming what was not healthy', async () => {
      const down = { ...row('redis-2', 'down'), error: 'connection refused' };
      const sut = new FakeStack(dir, [[row('redis-1'), down]]);
      await expect(sut.waitHealthy(20, { pollMs: 5 })).rejects.toThrow(
        'stack not healthy after 0 s: redis-2: connection refused',
      );
      await expect(
        new FakeStack(dir, [[row('redis-1')]]).waitHealthy(20, { accept: () => false, pollMs: 5 }),
      ).rejects.toThrow('condition not met');
    });
  });
});
