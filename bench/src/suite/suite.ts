import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { NO_FAULTS, SimulatorAdmin } from '@app/stack-client';

import { serviceArgon2Params } from '../ceilings/argon2-params.js';
import { compositeCeiling, type CompositeCeiling } from '../ceilings/composite.js';
import { type DatabaseLogin } from '../ceilings/pgbench.js';
import { numericFieldDefault } from '../ceilings/source-constants.js';
import { type LoadTarget } from '../load/http-load.js';
import { LoopbackClient } from '../load/loopback-https.js';
import { parseRateLimits } from '../load/rate-limits.js';
import { SourceAddressPool } from '../load/source-addresses.js';
import { type BenchRun, type Ceilings, type WorkloadResult } from '../report/bench-run.js';
import { evaluateTargets } from '../report/targets.js';
import { type Stack } from '../stack/stack.js';
import { measureStartup, type StartupResult } from '../startup/startup-probe.js';
import { statementCounts } from '../measure/sql-statements.js';
import { selectWorkloads } from '../workloads/catalog.js';
import { Fixtures } from '../workloads/fixtures.js';
import { type PreparedWorkload, type Workload, type WorkloadContext } from '../workloads/workload.js';
import {
  hashCeiling,
  pgbenchCreateCeiling,
  pgbenchReadCeiling,
  providerHopCeiling,
  redisGetCeiling,
  requestPathCeiling,
} from './ceiling-runs.js';
import { readStackFacts } from './stack-facts.js';
import { type MeasureEnv, measureWorkload } from './workload-runner.js';

// 127.1.0.1 … 127.1.63.254: at 100 requests/min per address that is ~13 500 credential requests/s
// before any address comes back while nginx still remembers it; far above anything measured here.
const SOURCE_RANGE = { secondOctet: 1, count: 254 * 64 };
// These workloads drive the simulator: reset it first so its memory (it keeps every charge) stays bounded.
const RESETS_SIMULATOR = new Set(['create', 'refund', 'webhook']);
// Start-up is timed three times per service (the median is the figure), each once the machine is
// about as quiet as the idle stack keeps it (~0.2 cores: Prometheus, Patroni, exporters).
const STARTUP_ATTEMPTS = 3;
const STARTUP_QUIET_CORES = 0.5;

export interface SuiteOptions {
  repo: string;
  stack: Stack;
  only?: string[];
  seconds: number;
  halfSeconds: number;
  warmupSeconds: number;
  label?: string;
  command: string;
  log: (message: string) => void;
}

async function waitHealthy(stack: Stack, timeoutMs: number, log: (m: string) => void): Promise<void> {
  await stack.waitHealthy(timeoutMs, {
    pollMs: 2_000,
    onWaiting: (reason) => log(`  waiting for the stack to be healthy (${reason})`),
  });
}

function git(repo: string): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: repo,
        encoding: 'utf8',
      }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

async function attempt<T>(
  what: string,
  errors: Record<string, string>,
  log: (m: string) => void,
  work: () => Promise<T>,
): Promise<T | undefined> {
  log(`ceiling: ${what}`);
  try {
    return await work();
  } catch (err) {
    errors[what] = (err as Error).message.split('\n')[0];
    log(`  not measured: ${errors[what]}`);
    return undefined;
  }
}

/** Every selected workload against the running stack, then the ceilings they need, then start-up. */
export async function runSuite(o: SuiteOptions): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const { repo, stack, log } = o;
  await waitHealthy(stack, 120_000, log);
  const ports = stack.ports();
  const port = (name: string): number => stack.port(name);
  const [paymentEnv, authEnv] = [await stack.serviceEnv('payment'), await stack.serviceEnv('auth')];
  const zones = parseRateLimits(readFileSync(stack.nginxConf, 'utf8'));
  const pool = new SourceAddressPool(SOURCE_RANGE);
  const nginx: LoadTarget = { protocol: 'https:', host: '127.0.0.1', ports: [port('NGINX_HTTPS_PORT')] };
  const sim = new SimulatorAdmin('127.0.0.1', port('SIMULATOR_PORT'));
  await sim.setFaults(NO_FAULTS);
  const runTag = Date.now().toString(36);
  const paymentSource = (file: string): string =>
    readFileSync(path.join(repo, 'apps/payment-service/src', file), 'utf8');
  const ctx: WorkloadContext = {
    fixtures: new Fixtures(new LoopbackClient('https:', '127.0.0.1', port('NGINX_HTTPS_PORT'), pool), runTag),
    sim,
    nginx,
    authInstances: {
      protocol: 'http:',
      host: '127.0.0.1',
      ports: [port('AUTH_1_PORT'), port('AUTH_2_PORT')],
    },
    introspectionAuthorization: `Basic ${Buffer.from(`${paymentEnv.AUTH_CLIENT_ID}:${paymentEnv.AUTH_CLIENT_SECRET}`).toString('base64')}`,
    pspWebhookSecret: paymentEnv.PSP_WEBHOOK_SECRET,
    readYourWritesMs: Number(
      paymentEnv.READ_YOUR_WRITES_WINDOW_MS ??
        numericFieldDefault(paymentSource('config/env.ts'), 'READ_YOUR_WRITES_WINDOW_MS'),
    ),
  };
  const login = (portName: string): DatabaseLogin => ({
    host: '127.0.0.1',
    port: port(portName),
    user: 'payment_service',
    password: stack.secret('PAYMENT_DB_PASSWORD'),
    database: 'payment',
  });
  const writer = login('HAPROXY_WRITER_PORT');
  const reader = login('HAPROXY_READER_PORT');
  // pg_stat_statements lives in the postgres database and shows every role's statements to a superuser.
  const superuser = (l: DatabaseLogin): DatabaseLogin => ({
    ...l,
    user: 'postgres',
    password: stack.secret('PG_SUPERUSER_PASSWORD'),
    database: 'postgres',
  });
  const env: MeasureEnv = {
    stack,
    pool,
    zones,
    seconds: o.seconds,
    halfSeconds: o.halfSeconds,
    warmupSeconds: o.warmupSeconds,
    ticksPerSecond: Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()),
    statementCounts: () => statementCounts(superuser(writer), superuser(reader)),
    log,
  };
  const facts = await readStackFacts(
    writer,
    superuser(writer),
    paymentEnv.REDIS_SENTINELS.split(',').map((hp) => ({
      host: hp.split(':')[0],
      port: Number(hp.split(':')[1]),
    })),
    paymentEnv.REDIS_MASTER_NAME,
  );
  const argon2 = await serviceArgon2Params(repo);
  const status = await stack.status();
  const instancesOf = (service: string): number => status.filter((r) => r.service === service).length;
  const poolMax = Number(
    paymentEnv.DB_POOL_MAX ??
      numericFieldDefault(
        readFileSync(path.join(repo, 'libs/database/src/database.env.ts'), 'utf8'),
        'DB_POOL_MAX',
      ),
  );
  // pgbench gets the connections the service itself can use: one pool per instance.
  const pgbenchClients = instancesOf('payment-service') * poolMax;

  const selected = selectWorkloads(o.only);
  const prepared = new Map<string, PreparedWorkload>();
  const workloads: WorkloadResult[] = [];
  const prepare = async (w: Workload): Promise<PreparedWorkload> => {
    const p = prepared.get(w.name) ?? (await w.prepare(ctx));
    prepared.set(w.name, p);
    return p;
  };
  for (const w of selected.filter((x) => x.prepareEarly)) {
    log(`preparing ${w.name} early (its fixture must age past the read-your-writes window)`);
    await prepare(w).catch((err: Error) => log(`  preparation failed: ${err.message}`));
  }
  // Each workload's ceilings run right after it, so both see the machine in the same state.
  const ceilings: Ceilings = { requestPath: {}, errors: {} };
  const measure = <T>(what: string, work: () => Promise<T>): Promise<T | undefined> =>
    attempt(what, ceilings.errors, log, work);
  const ceilingsOf: Partial<Record<string, (w: Workload, p: PreparedWorkload) => Promise<void>>> = {
    read: async (w, p) => {
      const load = await measure('request path (read)', () => requestPathCeiling(repo, w, p, env));
      if (load) ceilings.requestPath.read = load;
      const paymentId = (JSON.parse(p.answer?.body ?? '{}') as { id?: string }).id ?? '';
      ceilings.pgbenchRead = await measure('pgbench read', () =>
        pgbenchReadCeiling(repo, writer, reader, paymentId, pgbenchClients, o.seconds),
      );
      ceilings.redisGet = await measure('Redis GET', () =>
        redisGetCeiling(
          facts.redisMaster,
          stack.secret('REDIS_PASSWORD'),
          w.connections,
          Math.min(o.seconds, 5),
        ),
      );
    },
    create: async (w, p) => {
      const load = await measure('request path (create)', () => requestPathCeiling(repo, w, p, env));
      if (load) ceilings.requestPath.create = load;
      ceilings.pgbenchCreate = await measure('pgbench create', () =>
        pgbenchCreateCeiling(repo, writer, pgbenchClients, o.seconds, runTag),
      );
      ceilings.providerHop = await measure('provider hop', () => providerHopCeiling(sim, w.connections, env));
    },
    login: async () => {
      ceilings.hash = await measure('argon2id hash', () =>
        hashCeiling(argon2.params, instancesOf('auth-service'), authEnv, o.seconds),
      );
    },
  };
  for (const w of selected) {
    log(`=== ${w.name}: ${w.route}`);
    let p: PreparedWorkload;
    try {
      // Someone may be restarting services: measure only a healthy stack.
      await waitHealthy(stack, 120_000, log);
      if (RESETS_SIMULATOR.has(w.name)) await sim.reset();
      p = await prepare(w);
      workloads.push(await measureWorkload(w, p, env));
    } catch (err) {
      log(`  did not run: ${(err as Error).message}`);
      workloads.push({
        name: w.name,
        title: w.title,
        route: w.route,
        connections: w.connections,
        flags: [],
        notes: [],
        error: (err as Error).message.split('\n')[0],
      });
      continue;
    }
    await ceilingsOf[w.name]?.(w, p);
  }

  const startup: StartupResult[] = [];
  if (o.only === undefined || o.only.includes('startup')) {
    for (const service of ['auth', 'payment'] as const) {
      log(`start-up: an extra ${service} instance`);
      const result = await measureStartup(repo, service, service === 'auth' ? authEnv : paymentEnv, {
        attempts: STARTUP_ATTEMPTS,
        ticksPerSecond: env.ticksPerSecond,
        maxBusyCores: STARTUP_QUIET_CORES,
      });
      log(
        result.readyMs === undefined
          ? `  never ready: ${result.error}`
          : `  ready after ${Math.round(result.readyMs)} ms (median of ${(result.attemptsMs ?? []).map(Math.round).join(', ')} ms)`,
      );
      if (result.readyMs !== undefined && result.error) log(`  ${result.error}`);
      startup.push(result);
    }
  }

  const composite: Record<string, CompositeCeiling> = {};
  // Only where every part was measured: a composite of what happened to work would flatter the ratio.
  const compose = (name: string, parts: { name: string; perSecond: number | undefined }[]): void => {
    if (parts.every((p) => p.perSecond !== undefined))
      composite[name] = compositeCeiling(parts as { name: string; perSecond: number }[]);
  };
  compose('read', [
    { name: 'request path', perSecond: ceilings.requestPath.read?.okPerSecond },
    { name: 'PK read (pgbench)', perSecond: ceilings.pgbenchRead?.tps },
    { name: 'Redis GET', perSecond: ceilings.redisGet?.perSecond },
  ]);
  compose('create', [
    { name: 'durable write (pgbench)', perSecond: ceilings.pgbenchCreate?.tps },
    { name: 'request path', perSecond: ceilings.requestPath.create?.okPerSecond },
    { name: 'provider hop', perSecond: ceilings.providerHop?.okPerSecond },
  ]);
  compose('login', [{ name: 'argon2id hash only', perSecond: ceilings.hash?.perSecond }]);

  return {
    schema: 1,
    label: o.label,
    full: o.only === undefined,
    command: o.command,
    startedAt,
    finishedAt: new Date().toISOString(),
    git: git(repo),
    machine: {
      nproc: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(os.totalmem() / (1024 * 1024)),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    settings: {
      seconds: o.seconds,
      halfSeconds: o.halfSeconds,
      warmupSeconds: o.warmupSeconds,
      baseUrl: `https://127.0.0.1:${ports.NGINX_HTTPS_PORT}`,
      sourceAddresses: { first: pool.first, last: pool.last },
    },
    stack: {
      synchronousStandbyNames: facts.synchronousStandbyNames,
      synchronousCommit: facts.synchronousCommit,
      replication: facts.replication,
      redisMaster: `${facts.redisMaster.host}:${facts.redisMaster.port}`,
      rateLimits: Object.fromEntries(
        Object.values(zones).map((z) => [z.name, { perSecond: z.perSecond, burst: z.burst }]),
      ),
      argon2: { ...argon2.params, source: argon2.source, mismatch: argon2.mismatch },
      pgbenchClients,
    },
    workloads,
    ceilings,
    composite,
    startup,
    targets: evaluateTargets({ workloads, composite, startup }),
  };
}
