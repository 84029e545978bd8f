import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardDir } from './process-guard.js';
import { RedisProcess, startOnFreePort, type StopMode } from './redis-process.js';

export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** redis://[:password@]host:port */
  readonly url: string;
  readonly password?: string;
  /** Stops the server (SIGTERM, or 'kill' = SIGKILL for a crash); start() reuses its port. */
  stop(mode?: StopMode): Promise<void>;
  /** Starts it again on the same port, with an empty dataset (persistence is off). */
  start(): Promise<void>;
  isRunning(): boolean;
  /** Freezes the process (SIGSTOP): connections stay open, commands get no answer. */
  pause(): void;
  resume(): void;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

export interface StartRedisOptions {
  password?: string;
}

const HOST = '127.0.0.1';

// A throwaway redis-server on a free loopback port: no RDB, no AOF, its own temp dir.
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  const dirGuard = guardDir(dir);
  try {
    const { port, redis } = await startOnFreePort(
      (port) =>
        new RedisProcess({
          args: serverArgs(port, dir, opts.password),
          dir,
          readyLine: /Ready to accept connections/,
        }),
    );
    return server(port, redis, opts.password, () => dirGuard.release());
  } catch (err) {
    dirGuard.release();
    throw err;
  }
}

function serverArgs(port: number, dir: string, password: string | undefined): string[] {
  const args = ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no'];
  args.push('--daemonize', 'no', '--logfile', '');
  if (password) args.push('--requirepass', password);
  return args;
}

function server(
  port: number,
  redis: RedisProcess,
  password: string | undefined,
  removeDir: () => void,
): RedisServer {
  const auth = password ? `:${encodeURIComponent(password)}@` : '';
  return {
    host: HOST,
    port,
    url: `redis://${auth}${HOST}:${port}`,
    password,
    stop: (mode) => redis.stop(mode),
    start: () => redis.start(),
    isRunning: () => redis.isRunning(),
    pause: () => redis.pause(),
    resume: () => redis.resume(),
    async close() {
      await redis.stop('kill');
      removeDir();
    },
  };
}
