import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

import { readEnvFile } from '@app/stack-client';

const run = promisify(execFile);
export interface NginxTwinPlan {
  repo: string;
  dir: string;
  httpPort: number;
  httpsPort: number;
  /** stub_status listener (nginx.conf.template has one for the exporter). */
  statusPort: number;
  tls: { cert: string; key: string };
  /** host:port of the two upstreams every pool (auth and payment) points at. */
  upstreams: readonly [string, string];
}

/**
 * A second nginx from the same template and tunables as the stack's (nginx/render.sh with
 * nginx/defaults.env, as deploy/local/stack.sh renders it), on other ports, with its pools pointed
 * at bare upstreams: the request path with nothing behind it.
 */
export class NginxTwin {
  private child: ChildProcess | undefined;

  constructor(private readonly plan: NginxTwinPlan) {}

  async start(): Promise<void> {
    const { repo, dir, httpPort, httpsPort, statusPort, tls, upstreams } = this.plan;
    const runDir = path.join(dir, 'run');
    mkdirSync(runDir, { recursive: true });
    const conf = path.join(dir, 'nginx.conf');
    await run(
      'sh',
      [path.join(repo, 'nginx/render.sh'), path.join(repo, 'nginx/nginx.conf.template'), conf],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          ...readEnvFile(path.join(repo, 'nginx/defaults.env')),
          NGINX_RUN_DIR: runDir,
          NGINX_ERROR_LOG: path.join(dir, 'error.log'),
          NGINX_ACCESS_LOG: path.join(dir, 'access.log'),
          NGINX_LISTEN_ADDR: '127.0.0.1',
          NGINX_HTTP_PORT: String(httpPort),
          NGINX_HTTPS_PORT: String(httpsPort),
          NGINX_STATUS_PORT: String(statusPort),
          NGINX_TLS_CERT: tls.cert,
          NGINX_TLS_KEY: tls.key,
          AUTH_1_ADDR: upstreams[0],
          AUTH_2_ADDR: upstreams[1],
          PAYMENT_1_ADDR: upstreams[0],
          PAYMENT_2_ADDR: upstreams[1],
        },
      },
    );
    // As the stack does: workers run as nobody when the master is root, and write request bodies there.
    if (process.getuid?.() === 0) await run('chown', ['nobody:nogroup', runDir]);
    this.child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', conf, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    this.child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the nginx twin exited at start: ${stderr.trim()}`);
      const ok = await fetch(`http://127.0.0.1:${httpPort}/nginx/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(50);
    }
    throw new Error('the nginx twin did not answer /nginx/health within 10 s');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGQUIT'); // graceful: finish what is in flight
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }
}
