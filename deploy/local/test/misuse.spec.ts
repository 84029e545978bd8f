import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freeStackPorts } from './ports.js';
import { stack } from './stack-cli.js';

// Each case must fail before anything starts: no supervisor daemon, no process, data untouched.
describe('./stack misuse', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stack-misuse-'));
    // As in a real checkout, the postgres user can reach the state directory.
    chmodSync(dir, 0o755);
    env = { ...(await freeStackPorts()), STACK_DIR: path.join(dir, 'state'), STACK_SKIP_BOOTSTRAP: '1', STACK_SKIP_BUILD: '1' };
  });

  afterEach(async () => {
    await stack(['down'], env);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second concurrent up and says to wait', async () => {
    mkdirSync(env.STACK_DIR);
    const holder = spawn('flock', [path.join(env.STACK_DIR, '.lock'), 'sleep', '60'], { stdio: 'ignore', detached: true });
    await new Promise((resolve) => setTimeout(resolve, 300));

    try {
      const result = await stack(['up'], env);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain('another ./stack command is running');
      expect(existsSync(path.join(env.STACK_DIR, 'pm2', 'pm2.pid'))).toBe(false);
    } finally {
      process.kill(-holder.pid!, 'SIGKILL');
    }
  });

  it('stops before starting anything when a port is taken, naming the port and the fix', async () => {
    const squatter = net.createServer().listen(Number(env.NGINX_HTTP_PORT), '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));

    try {
      const result = await stack(['up'], env);

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${env.NGINX_HTTP_PORT} (nginx http) is in use`);
      expect(result.stderr).toContain('Nothing was started');
      expect(existsSync(path.join(env.STACK_DIR, 'pm2', 'pm2.pid'))).toBe(false);
    } finally {
      squatter.close();
    }
  });

  it('refuses a corrupt state directory and explains how to start over', async () => {
    mkdirSync(env.STACK_DIR);
    writeFileSync(path.join(env.STACK_DIR, 'stack-state'), 'something else\n');

    const result = await stack(['up'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is corrupt');
    expect(result.stderr).toContain('./stack down --purge');
    expect(existsSync(path.join(env.STACK_DIR, 'pm2'))).toBe(false);
  });

  it('will not purge a directory that was never a stack state directory', async () => {
    mkdirSync(env.STACK_DIR);
    writeFileSync(path.join(env.STACK_DIR, 'precious.txt'), 'keep me\n');

    const result = await stack(['down', '--purge'], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not look like a stack state directory');
    expect(existsSync(path.join(env.STACK_DIR, 'precious.txt'))).toBe(true);
  });

  it('rejects unknown commands and process names with the usage', async () => {
    const unknownCommand = await stack(['upp'], env);
    const unknownName = await stack(['restart', 'postgres'], env);

    expect(unknownCommand.code).toBe(1);
    expect(unknownCommand.stderr).toContain('usage: ./stack up');
    expect(unknownName.code).toBe(1);
    expect(unknownName.stderr).toContain('usage: ./stack restart <name>');
  });
});
