import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from './ports.js';
import { runReadmeTour } from './readme-tour.js';
import { REPO, type RunResult, eventually, run } from './stack-cli.js';

// docker-compose.prod.yml for real (deploy/compose/compose.sh, ADR 0011): images built from Debian's
// packages, every service healthy, the README tour through the compose nginx, and a crashed
// instance container restarted while the tour keeps passing. Minutes, not CI: `pnpm compose:e2e`.
const UP_TIMEOUT_MS = 40 * 60_000;
// A run in which every step passed leaves its timings here, for ADR 0011 to cite rather than retype.
const RECORD = path.join(REPO, 'docs/compose/last-e2e.json');

interface E2eRecord {
  finishedAt: string;
  gitCommit: string;
  cpus: number;
  loadAverageAtStart: number;
  imagesBuiltSeconds?: number;
  healthyAfterUpSeconds?: number;
  composeShUpSeconds?: number;
  skipped?: string[];
  tourSeconds?: number;
  crashToRestartedHealthySeconds?: number;
}

interface ContainerRow {
  service: string;
  state: string;
  health: string;
  restarts: number;
  exit: number;
}

function expectSuccess(result: RunResult) {
  if (result.code !== 0)
    throw new Error(`exit ${result.code}\n${result.stdout.slice(-3_000)}\n${result.stderr.slice(-3_000)}`);
}

describe('docker-compose.prod.yml on a container engine', () => {
  let env: NodeJS.ProcessEnv;
  let stateDir: string;
  let https: string;
  const record: Partial<E2eRecord> = { cpus: cpus().length, loadAverageAtStart: Math.round(loadavg()[0]! * 10) / 10 };
  const composeSh = (args: string[]) => run(path.join(REPO, 'deploy/compose/compose.sh'), args, { env });

  async function containers(): Promise<ContainerRow[]> {
    const status = await composeSh(['status']);
    expectSuccess(status);
    return status.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .map(([service = '', state = '', health = '', restarts = '0', exit = '0']) => ({ service, state, health, restarts: Number(restarts), exit: Number(exit) }));
  }

  beforeAll(async () => {
    // The commit the images are built from, as the run starts.
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
    record.gitCommit = dirty ? `${commit} with uncommitted changes` : commit;
    stateDir = mkdtempSync(path.join(tmpdir(), 'stack-compose-'));
    const httpsPort = await freePort();
    env = {
      ...process.env,
      COMPOSE_STATE_DIR: stateDir,
      COMPOSE_PROJECT_NAME: 'stayup-e2e',
      NGINX_HTTPS_PORT: String(httpsPort),
      NGINX_HTTP_PORT: String(await freePort()),
    };
    https = `https://127.0.0.1:${httpsPort}`;
  });

  afterAll(async () => {
    await composeSh(['down', '--purge']);
    rmSync(stateDir, { recursive: true, force: true });
    const passed = [record.healthyAfterUpSeconds, record.tourSeconds, record.crashToRestartedHealthySeconds];
    if (passed.includes(undefined)) return;
    record.finishedAt = new Date().toISOString();
    mkdirSync(path.dirname(RECORD), { recursive: true });
    writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
  });

  it('builds every image and brings every service up healthy, printing the start-up time', async () => {
    const up = await composeSh(['up']);

    expectSuccess(up);
    const startUp = /images built in [\d.]+ s|start-up: every service healthy [\d.]+ s after 'up'/g;
    expect(up.stderr.match(startUp)).toHaveLength(2);
    process.stdout.write(`compose.sh up: ${up.stderr.match(startUp)?.join('; ')}\n`);
    const rows = await containers();
    const unhealthy = rows.filter((r) => !(r.state === 'running' && ['healthy', '-'].includes(r.health)) && !(r.state === 'exited' && r.exit === 0));
    expect(unhealthy).toEqual([]);
    expect(rows.filter((r) => r.state === 'running').map((r) => r.service)).toEqual(
      expect.arrayContaining(['auth-1', 'auth-2', 'payment-1', 'payment-2', 'simulator', 'nginx', 'haproxy', 'patroni-1', 'patroni-2']),
    );
    // Only an image no Dockerfile here builds may be left out, and only when the engine cannot pull it.
    const skipped = /^SKIPPED \(.*\): (.*)$/m.exec(up.stderr)?.[1]?.trim().split(/\s+/) ?? [];
    const declared = await composeSh(['compose', 'config', '--services']);
    expectSuccess(declared);
    expect(skipped.filter((name) => name !== 'grafana')).toEqual([]);
    expect(rows.map((r) => r.service).sort()).toEqual(declared.stdout.trim().split('\n').filter((name) => !skipped.includes(name)).sort());
    record.imagesBuiltSeconds = Number(/images built in ([\d.]+) s/.exec(up.stderr)?.[1]);
    record.healthyAfterUpSeconds = Number(/every service healthy ([\d.]+) s after 'up'/.exec(up.stderr)?.[1]);
    record.composeShUpSeconds = Math.round(up.seconds * 10) / 10;
    record.skipped = skipped;
  }, UP_TIMEOUT_MS);

  it('runs the README tour through the compose nginx', async () => {
    const tour = await runReadmeTour(https);

    expectSuccess(tour.result);
    expect([tour.payment?.status, tour.payment?.amount_refunded]).toEqual(['partially_refunded', 250]);
    record.tourSeconds = Math.round(tour.result.seconds * 10) / 10;
  }, 120_000);

  it('keeps the tour passing while a crashed auth instance container is restarted', async () => {
    const before = (await containers()).find((r) => r.service === 'auth-1');
    const crashedAt = Date.now();

    expectSuccess(await composeSh(['crash', 'auth-1']));
    const tour = await runReadmeTour(https);

    expectSuccess(tour.result);
    expect(tour.payment?.status).toBe('partially_refunded');
    const after = await eventually(
      async () => (await containers()).find((r) => r.service === 'auth-1' && r.health === 'healthy' && r.restarts > (before?.restarts ?? 0)),
      120_000,
      'auth-1 restarted and healthy again',
    );
    expect(after.restarts).toBe((before?.restarts ?? 0) + 1);
    record.crashToRestartedHealthySeconds = Math.round((Date.now() - crashedAt) / 100) / 10;
  }, 300_000);
});
