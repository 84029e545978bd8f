import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardDir } from './process-guard.js';
import { RedisProcess, startOnFreePort } from './redis-process.js';
import { type RedisServer } from './redis-server.js';

export interface RedisSentinel {
  readonly host: string;
  readonly port: number;
  readonly masterName: string;
  close(): Promise<void>;
}

export interface StartRedisSentinelOptions {
  master: Pick<RedisServer, 'host' | 'port' | 'password'>;
  masterName?: string;
  /** How long the master may be silent before this sentinel calls it down. */
  downAfterMs?: number;
}

// One sentinel (quorum 1) watching a harness server: enough to test clients that connect
// through Sentinel. Sentinel rewrites its config file, so it lives in a writable temp dir.
export async function startRedisSentinel(opts: StartRedisSentinelOptions): Promise<RedisSentinel> {
  const masterName = opts.masterName ?? 'testmaster';
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-test-'));
  const dirGuard = guardDir(dir);
  try {
    const configFile = join(dir, 'sentinel.conf');
    const { port, redis } = await startOnFreePort((port) => {
      writeFileSync(configFile, sentinelConfig(port, dir, masterName, opts));
      return new RedisProcess({
        args: [configFile, '--sentinel', '--daemonize', 'no', '--logfile', ''],
        dir,
        readyLine: /\+monitor master/,
      });
    });
    return {
      host: '127.0.0.1',
      port,
      masterName,
      async close() {
        await redis.stop('kill');
        dirGuard.release();
      },
    };
  } catch (err) {
    dirGuard.release();
    throw err;
  }
}

function sentinelConfig(port: number, dir: string, name: string, opts: StartRedisSentinelOptions): string {
  const lines = [
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    'sentinel resolve-hostnames no',
    `sentinel monitor ${name} ${opts.master.host} ${opts.master.port} 1`,
    `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 5000}`,
  ];
  if (opts.master.password) lines.push(`sentinel auth-pass ${name} ${opts.master.password}`);
  return `${lines.join('\n')}\n`;
}
