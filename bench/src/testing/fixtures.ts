import { type LoadSummary } from '../load/load-summary.js';
import { type BenchRun, type WorkloadResult } from '../report/bench-run.js';
import { evaluateTargets } from '../report/targets.js';

export function aLoad(overrides: Partial<LoadSummary> = {}): LoadSummary {
  return {
    seconds: 10,
    responses: 10_000,
    ok: 10_000,
    okPerSecond: 1_000,
    statuses: { '200': 10_000 },
    errors: 0,
    timeouts: 0,
    latencyMs: { p50: 4, p99: 12, max: 40 },
    connectionsOpened: 32,
    tlsResumed: 31,
    ...overrides,
  };
}

export function aWorkload(overrides: Partial<WorkloadResult> = {}): WorkloadResult {
  return {
    name: 'read',
    title: 'authenticated read',
    route: 'GET /payments/{id}',
    connections: 32,
    requestsPerConnection: 400,
    saturation: aLoad(),
    half: aLoad({
      okPerSecond: 500,
      responses: 4_000,
      ok: 4_000,
      statuses: { '200': 4_000 },
      latencyMs: { p50: 3, p99: 9, max: 20 },
      lateSends: 0,
      targetPerSecond: 500,
    }),
    cpu: {
      wallSeconds: 10,
      groups: { nginx: 2, services: 8, postgres: 3, redis: 0.5, haproxy: 0.5 },
      benchClient: 4,
      other: 0.2,
    },
    cpuPerThousand: { nginx: 0.2, services: 0.8, postgres: 0.3, redis: 0.05, haproxy: 0.05 },
    coresUsed: 1.4,
    sqlPerRequest: { primary: 6, replica: 1 },
    peakRssBytes: {
      'auth-1': 90 * 1024 * 1024,
      'payment-1': 120 * 1024 * 1024,
      simulator: 300 * 1024 * 1024,
    },
    accessLog: {
      own: { requests: 10_010, addresses: 800, maxPerAddress: 13, statuses: { '200': 10_010 } },
      others: { requests: 0, statuses: {}, rateLimited: {} },
    },
    flags: [],
    notes: [],
    ...overrides,
  };
}

export function aRun(overrides: Partial<BenchRun> = {}): BenchRun {
  const workloads = overrides.workloads ?? [aWorkload()];
  const composite = overrides.composite ?? {
    read: {
      parts: [
        { name: 'request path', perSecond: 4_000 },
        { name: 'PK read', perSecond: 4_000 },
      ],
      perSecond: 2_000,
    },
  };
  const startup = overrides.startup ?? [
    { service: 'auth', readyMs: 1_200 },
    { service: 'payment', readyMs: 1_900 },
  ];
  return {
    schema: 1,
    full: true,
    command: 'pnpm bench',
    startedAt: '2026-12-03T14:00:00.000Z',
    finishedAt: '2026-12-03T14:05:00.000Z',
    git: { commit: 'abc1234', dirty: false },
    machine: { nproc: 2, cpuModel: 'Test CPU', memoryMb: 24_105, node: 'v20.20.2', platform: 'linux 6.1' },
    settings: {
      seconds: 10,
      halfSeconds: 8,
      warmupSeconds: 2,
      baseUrl: 'https://127.0.0.1:8443',
      sourceAddresses: { first: '127.1.0.1', last: '127.64.255.254' },
    },
    stack: {
      synchronousStandbyNames: 'node2',
      synchronousCommit: 'on',
      replication: [{ name: 'node2', syncState: 'sync' }],
      redisMaster: '127.0.0.1:17379',
      rateLimits: { api: { perSecond: 200, burst: 400 } },
      argon2: {
        memoryCost: 19_456,
        timeCost: 2,
        parallelism: 1,
        source: 'apps/auth-service/src/passwords/password-hasher.ts',
      },
      pgbenchClients: 20,
    },
    ceilings: { requestPath: { read: aLoad({ okPerSecond: 4_000 }) }, errors: {} },
    ...overrides,
    workloads,
    composite,
    startup,
    targets: overrides.targets ?? evaluateTargets({ workloads, composite, startup }),
  };
}
