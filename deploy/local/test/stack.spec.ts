import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

import { byName } from '@app/stack-client';

import { type HttpAnswer, json, request } from './http-client.js';
import { freeStackPorts } from './ports.js';
import { runReadmeTour } from './readme-tour.js';
import {
  type RunResult,
  eventually,
  run,
  stack,
  stackStatus,
} from './stack-cli.js';

// The whole system from nothing on non-default ports in a temporary state directory:
// up → health through nginx → limits and routing → down/up keeps data → Patroni switchover under
// writes → SIGKILLed backends under load → down --purge. The steps share one stack, in order.
const UP_TIMEOUT_MS = 15 * 60_000;

function expectSuccess(result: RunResult) {
  if (result.code !== 0)
    throw new Error(`exit ${result.code}\n${result.stdout.slice(-3_000)}\n${result.stderr.slice(-3_000)}`);
}

function secrets(dir: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path.join(dir, 'secrets.env'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

interface BurstResult {
  total: number;
  failures: string[];
}

/** `workers` loops, each from its own loopback address, sending `send()` until `durationMs` passes. */
async function burst(
  workers: number,
  durationMs: number,
  send: (worker: number, localAddress: string) => Promise<HttpAnswer>,
  ok: (a: HttpAnswer) => boolean,
): Promise<BurstResult> {
  const until = Date.now() + durationMs;
  const result: BurstResult = { total: 0, failures: [] };
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const localAddress = `127.0.${100 + worker}.${1 + (worker % 200)}`;
      while (Date.now() < until) {
        result.total++;
        try {
          const answer = await send(worker, localAddress);
          if (!ok(answer)) result.failures.push(`${answer.status} ${answer.body.slice(0, 200)}`);
        } catch (err) {
          result.failures.push(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  return result;
}

describe('./stack (local HA stack, end to end)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-e2e-'));
  // Patroni runs as the postgres user, which must reach the state directory.
  chmodSync(root, 0o755);
  const stackDir = path.join(root, 'state');
  let env: Record<string, string>;
  let https: string;
  let http: string;
  const user = { email: `e2e-${randomUUID()}@example.com`, password: 'Correct-Horse-Battery-42' };

  const writerClient = () => {
    const s = secrets(stackDir);
    return new pg.Client({
      host: '127.0.0.1',
      port: Number(env.HAPROXY_WRITER_PORT),
      user: 'auth_service',
      password: s.AUTH_DB_PASSWORD,
      database: 'auth',
      connectionTimeoutMillis: 2_000,
      query_timeout: 5_000,
    });
  };
  const login = (localAddress: string) =>
    request({ method: 'POST', url: `${https}/auth/login`, body: user, localAddress });

  beforeAll(async () => {
    env = { ...(await freeStackPorts()), STACK_DIR: stackDir, STACK_SKIP_BOOTSTRAP: '1' };
    https = `https://127.0.0.1:${env.NGINX_HTTPS_PORT}`;
    http = `http://127.0.0.1:${env.NGINX_HTTP_PORT}`;
  });

  afterAll(async () => {
    await stack(['down', '--purge'], env);
    rmSync(root, { recursive: true, force: true });
  }, 5 * 60_000);

  it(
    'up starts every part from nothing and each reports healthy with its role',
    async () => {
      const up = await stack(['up'], env);
      expectSuccess(up);
      console.info(`stack up from nothing: ${up.seconds.toFixed(1)} s`);

      const rows = await stackStatus(env);
      expect(
        rows
          .map((r) => [r.name, r.state, r.health])
          .filter(([, state, health]) => state !== 'online' || health !== 'ok'),
      ).toEqual([]);
      expect(rows).toHaveLength(21);
      expect(
        rows
          .filter((r) => r.kind === 'patroni')
          .map((r) => r.role)
          .sort(),
      ).toEqual(['leader', 'replica']);
      expect(
        rows
          .filter((r) => r.kind === 'redis')
          .map((r) => r.role)
          .sort(),
      ).toEqual(['master', 'replica']);
      for (const row of rows) expect(row.pid).toBeGreaterThan(0);
    },
    UP_TIMEOUT_MS,
  );

  it(
    'a second up leaves the running stack alone',
    async () => {
      const before = await stackStatus(env);

      const again = await stack(['up'], env);

      expectSuccess(again);
      expect(again.stdout).not.toContain('started:');
      expect((await stackStatus(env)).map((r) => r.pid)).toEqual(before.map((r) => r.pid));
    },
    UP_TIMEOUT_MS,
  );

  it('answers every health route through nginx, on TLS and on plain HTTP', async () => {
    for (const base of [https, http]) {
      const nginx = await request({ url: `${base}/nginx/health` });
      expect([nginx.status, nginx.body.trim()]).toEqual([200, 'ok']);
      for (const route of ['/auth/health', '/payments/health']) {
        const answer = await request({ url: `${base}${route}` });
        expect([route, answer.status, json<{ status: string }>(answer).status]).toEqual([route, 200, 'ok']);
      }
    }
  });

  const runTour = async () => (await runReadmeTour(https)).result;

  it('runs the README quick tour verbatim: register, login, pay, refund', async () => {
    const tour = await runReadmeTour(https);

    expectSuccess(tour.result);
    expect([tour.payment?.status, tour.payment?.amount_refunded]).toEqual(['partially_refunded', 250]);
  });

  it('passes a valid X-Request-Id through and mints one for a missing or malformed one', async () => {
    const kept = await request({
      url: `${https}/auth/health/live`,
      headers: { 'x-request-id': 'e2e-request-0001' },
    });
    const replaced = await request({
      url: `${https}/auth/health/live`,
      headers: { 'x-request-id': 'bad id!' },
    });
    const minted = await request({ url: `${https}/nginx/health` });

    expect(kept.headers['x-request-id']).toBe('e2e-request-0001');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 404 problem+json for internal and operator routes', async () => {
    for (const [method, route] of [
      ['POST', '/internal/introspect'],
      ['GET', '/metrics'],
      ['GET', '/auth/metrics'],
      ['GET', '/admin/cards'],
      ['GET', '/payments/internal/x'],
      ['GET', '/nope'],
    ]) {
      const answer = await request({
        method,
        url: `${https}${route}`,
        body: method === 'POST' ? { token: 'x' } : undefined,
      });
      expect([route, answer.status, answer.headers['content-type']]).toEqual([
        route,
        404,
        'application/problem+json',
      ]);
    }
  });

  it('rate limits the credential routes per client IP: 429 problem+json with Retry-After', async () => {
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < 30; i++) {
      answers.push(
        await request({
          method: 'POST',
          url: `${https}/auth/login`,
          body: { email: 'nobody@example.com', password: 'wrong-password-123' },
          localAddress: '127.0.3.3',
        }),
      );
    }
    const limited = answers.filter(
      (a) => a.status === 429 && json<{ type: string }>(a).type === 'urn:problem-type:rate-limited',
    );
    const otherAddress = await request({ url: `${https}/auth/health/live`, localAddress: '127.0.3.4' });

    expect(limited.length).toBeGreaterThanOrEqual(15);
    expect(limited[0].headers['retry-after']).toBe('1');
    expect(limited[0].headers['content-type']).toBe('application/problem+json');
    expect(otherAddress.status).toBe(200);
  });

  it(
    'keeps all data across down and up',
    async () => {
      const registered = await request({
        method: 'POST',
        url: `${https}/auth/register`,
        body: user,
        localAddress: '127.0.4.1',
      });
      expect(registered.status).toBe(201);
      const client = writerClient();
      await client.connect();
      await client.query(
        'CREATE TABLE IF NOT EXISTS stack_probe (id bigint PRIMARY KEY, at timestamptz DEFAULT now())',
      );
      await client.query('INSERT INTO stack_probe (id) VALUES (0)');
      await client.end();

      expectSuccess(await stack(['down'], env));
      const stopped = await stackStatus(env);
      expect(stopped.filter((r) => r.state === 'online')).toEqual([]);
      const up = await stack(['up'], env);
      expectSuccess(up);
      console.info(`stack up on existing data: ${up.seconds.toFixed(1)} s`);

      const loggedIn = await login('127.0.4.2');
      expect(loggedIn.status).toBe(200);
      const after = writerClient();
      await after.connect();
      const { rows } = await after.query<{ id: string }>('SELECT id FROM stack_probe');
      await after.end();
      expect(rows.map((r) => Number(r.id))).toEqual([0]);
    },
    UP_TIMEOUT_MS,
  );

  it(
    'survives a Patroni switchover under writes: no acknowledged row lost, writes and the API resume',
    async () => {
      const acked: number[] = [];
      const ackTimes: number[] = [];
      let running = true;
      const writer = (async () => {
        let id = 1;
        let client: pg.Client | null = null;
        while (running) {
          try {
            if (!client) {
              client = writerClient();
              client.on('error', () => undefined);
              await client.connect();
            }
            await client.query('INSERT INTO stack_probe (id) VALUES ($1)', [id]);
            acked.push(id);
            ackTimes.push(Date.now());
          } catch {
            await client?.end().catch(() => undefined);
            client = null;
            await sleep(100);
          }
          id++;
          await sleep(20);
        }
        await client?.end().catch(() => undefined);
      })();

      await sleep(2_000);
      const before = await stackStatus(env);
      const leader = before.find((r) => r.kind === 'patroni' && r.role === 'leader')!.name;
      const replica = before.find((r) => r.kind === 'patroni' && r.role === 'replica')!.name;
      const node = (name: string) => `node${name.split('-')[1]}`;
      const switchedAt = Date.now();
      const switchover = await run('patronictl', [
        '-c',
        path.join(stackDir, 'patroni', 'node1', 'patroni.yml'),
        'switchover',
        '--leader',
        node(leader),
        '--candidate',
        node(replica),
        '--force',
      ]);
      expectSuccess(switchover);
      await eventually(
        async () => byName(await stackStatus(env), replica).role === 'leader',
        60_000,
        `${replica} leading`,
      );
      await eventually(async () => ackTimes.some((t) => t > Date.now() - 1_000), 60_000, 'writes resuming');
      const registered = await eventually(
        async () => {
          const answer = await request({
            method: 'POST',
            url: `${https}/auth/register`,
            body: { email: `after-switch-${randomUUID()}@example.com`, password: user.password },
            localAddress: '127.0.5.1',
          });
          return answer.status === 201 && answer;
        },
        60_000,
        'registration through nginx after the switchover',
      );
      running = false;
      await writer;

      const gaps = ackTimes
        .slice(1)
        .map((t, i) => t - ackTimes[i])
        .filter((_, i) => ackTimes[i + 1] >= switchedAt);
      console.info(
        `switchover write gap: ${(Math.max(...gaps) / 1_000).toFixed(2)} s, ${acked.length} acknowledged inserts`,
      );
      const check = writerClient();
      await check.connect();
      const { rows } = await check.query<{ missing: string }>(
        'SELECT count(*) AS missing FROM unnest($1::bigint[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM stack_probe p WHERE p.id = a.id)',
        [acked],
      );
      await check.end();
      expect(registered.status).toBe(201);
      expect(Number(rows[0].missing)).toBe(0);
      expect(ackTimes.filter((t) => t > switchedAt).length).toBeGreaterThan(0);
      expect(Math.max(...gaps)).toBeLessThan(30_000);
    },
    5 * 60_000,
  );

  it(
    'loses no GET when an auth instance is SIGKILLed under load, and the supervisor restarts it',
    async () => {
      const victim = byName(await stackStatus(env), 'auth-1');
      const load = burst(
        12,
        6_000,
        (_, localAddress) => request({ url: `${https}/auth/.well-known/jwks.json`, localAddress }),
        (a) => a.status === 200,
      );
      await sleep(2_000);
      process.kill(victim.pid!, 'SIGKILL');
      const result = await load;

      console.info(
        `GET burst with auth-1 SIGKILLed: ${result.total} requests, ${result.failures.length} failed`,
      );
      expect(result.total).toBeGreaterThan(50);
      expect(result.failures).toEqual([]);
      const back = await eventually(
        async () => {
          const row = byName(await stackStatus(env), 'auth-1');
          return row.health === 'ok' && row.pid !== victim.pid && row;
        },
        90_000,
        'auth-1 restarted by the supervisor',
      );
      expect(back.restarts).toBeGreaterThan(victim.restarts);
    },
    5 * 60_000,
  );

  it(
    'loses no idempotent POST /payments when a payment instance is SIGKILLed under load',
    async () => {
      const token = json<{ access_token: string }>(await login('127.0.6.1')).access_token;
      const victim = byName(await stackStatus(env), 'payment-1');
      const body = { amount: 1_250, currency: 'usd', payment_method: 'pm_card_ok', description: 'e2e burst' };
      const pay = (key: string, localAddress: string) =>
        request({
          method: 'POST',
          url: `${https}/payments`,
          localAddress,
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
          body,
        });
      // A request the killed instance had claimed answers 409 "in flight" until the claim may be
      // recovered (IDEMPOTENCY_RECOVERY_SECONDS); a client retries it with the same key (docs/architecture.md#idempotency).
      const inFlight: string[] = [];
      const load = burst(
        8,
        6_000,
        async (_, localAddress) => {
          const key = randomUUID();
          const answer = await pay(key, localAddress);
          if (answer.status === 409 && answer.body.includes('idempotency-key-in-flight')) inFlight.push(key);
          return answer;
        },
        (a) => a.status === 201 || (a.status === 409 && a.body.includes('idempotency-key-in-flight')),
      );
      await sleep(2_000);
      process.kill(victim.pid!, 'SIGKILL');
      const result = await load;
      console.info(
        `POST /payments burst with payment-1 SIGKILLed: ${result.total} requests, ${result.failures.length} failed, ${inFlight.length} in flight on the killed instance`,
      );
      expect(result.failures).toEqual([]);
      expect(result.total).toBeGreaterThan(20);

      const settled = await Promise.all(
        inFlight.map((key) =>
          eventually(
            async () => {
              const answer = await pay(key, '127.0.6.2');
              return answer.status === 201 && answer;
            },
            150_000,
            `payment with key ${key} settling`,
          ),
        ),
      );
      expect(settled.map((a) => a.status)).toEqual(inFlight.map(() => 201));
      await eventually(
        async () => byName(await stackStatus(env), 'payment-1').health === 'ok',
        90_000,
        'payment-1 restarted by the supervisor',
      );
    },
    6 * 60_000,
  );

  it(
    'backup full records checksums and gauges; restore-drill restores it and a point in time and finds them equal',
    async () => {
      const startedAt = Date.now() / 1_000;
      const backup = await stack(['backup', 'full'], env);
      expectSuccess(backup);
      const checksums = path.join(stackDir, 'backup/checksums');
      const [label] = readdirSync(checksums).map((f) => f.replace(/\.sha256$/, ''));
      expectSuccess(await run('sha256sum', ['--check', path.join(checksums, `${label}.sha256`)], { cwd: path.join(stackDir, 'backup/repo/backup/stayup') }));
      const [redisCopy] = readdirSync(path.join(stackDir, 'backup/redis'));
      expectSuccess(await run('sha256sum', ['--check', 'SHA256SUMS'], { cwd: path.join(stackDir, 'backup/redis', redisCopy) }));
      const gauges = readFileSync(path.join(stackDir, 'metrics/backup.prom'), 'utf8');
      expect(Number(/^stayup_backup_last_success_timestamp_seconds\{type="full"\} (\d+)$/m.exec(gauges)?.[1])).toBeGreaterThanOrEqual(Math.floor(startedAt));
      // Writes after the backup: only the archived WAL brings them back.
      expectSuccess(await runTour());

      const drill = await stack(['restore-drill'], env);

      expectSuccess(drill);
      expect(drill.stdout).not.toContain('FAIL');
      expect(drill.stdout).toMatch(/row counts of \d+ tables equal at the restore point/);
      const drillGauges = readFileSync(path.join(stackDir, 'metrics/restore-drill.prom'), 'utf8');
      expect(drillGauges).toMatch(/^stayup_restore_drill_success 1$/m);
      expect(drillGauges).toMatch(/^stayup_restore_drill_rto_seconds \d+(\.\d+)?$/m);
      expect(drillGauges).toMatch(/^stayup_restore_drill_rpo_seconds \d+(\.\d+)?$/m);
      console.info(drill.stdout.split('\n').filter((l) => /RPO|RTO/.test(l)).join('\n'));
    },
    6 * 60_000,
  );

  it(
    'restore-drill refuses a backup whose manifest no longer matches its recorded checksum',
    async () => {
      const checksums = path.join(stackDir, 'backup/checksums');
      const file = path.join(checksums, readdirSync(checksums).sort().at(-1) ?? '');
      const recorded = readFileSync(file, 'utf8');
      writeFileSync(file, recorded.replace(/^[0-9a-f]/, (c) => (c === '0' ? '1' : '0')));
      try {
        const drill = await stack(['restore-drill'], env);

        expect(drill.code).toBe(1);
        expect(drill.stdout).toMatch(/FAIL manifest checksum/);
        expect(readFileSync(path.join(stackDir, 'metrics/restore-drill.prom'), 'utf8')).toMatch(/^stayup_restore_drill_success 0$/m);
      } finally {
        writeFileSync(file, recorded);
      }
    },
    2 * 60_000,
  );

  it(
    'down --purge stops every process and deletes the state directory',
    async () => {
      const pids = (await stackStatus(env)).map((r) => r.pid).filter((p): p is number => p !== null);

      expectSuccess(await stack(['down', '--purge'], env));

      const alive = pids.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive).toEqual([]);
      expect((await run('pgrep', ['-f', stackDir])).stdout).toBe('');
      expect((await run('test', ['-e', stackDir])).code).toBe(1);
    },
    5 * 60_000,
  );
});
