import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SimulatorAdmin } from '@app/stack-client';

import { renderAvailabilityDoc } from './report/availability-doc.js';
import { type RunResult, runPassed, type ScenarioResult } from './report/run-result.js';
import { MerchantSink } from './merchant/merchant-sink.js';
import { runScenario, writeScenarioReport } from './scenarios/runner.js';
import { selectScenarios } from './scenarios/catalog.js';
import { eachSettled, messageOf, StrayErrors } from './scenarios/guard.js';
import { StackControl } from './stack/stack-control.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RESULTS = path.join(REPO, 'deploy/chaos/results');
const PUBLISHED = path.join(REPO, 'docs/availability');
const DOC = path.join(REPO, 'docs/availability.md');
const FULL_COMMAND = 'pnpm nx run chaos:run   # = node deploy/chaos/dist/main.js run --suite all --up --publish';

const USAGE = `usage: node deploy/chaos/dist/main.js run [--suite ci|all] [--only a,b] [--up] [--publish]
       node deploy/chaos/dist/main.js docs [--from <run.json>]
  run      steady load → fault → recovery → checks for each scenario against the local stack
    --suite    ci: instance-loss, db-leader-loss, redis-master-loss, webhook-storm; all: every scenario
    --only     just these scenarios (names as in the reports)
    --up       start the stack if it is not running (./stack up), and stop it afterwards (./stack down)
    --publish  copy the run's JSON and reports to docs/availability/ and regenerate docs/availability.md
  docs     regenerate docs/availability.md from docs/availability/last-run.json
  env: CHAOS_USERS (virtual users, default 12), CHAOS_SCHEME (http|https, default http), STACK_DIR`;

function flag(args: string[], name: string): boolean {
  return args.includes(name);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const log = (m: string): void => {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
};

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function run(args: string[]): Promise<number> {
  const suite = option(args, '--suite') ?? 'ci';
  if (suite !== 'ci' && suite !== 'all') throw new Error(`--suite must be ci or all, not ${suite}`);
  const scenarios = selectScenarios(suite, option(args, '--only')?.split(',').filter(Boolean));
  const stack = new StackControl(REPO);
  let started = false;
  if (!stack.isRunning()) {
    if (!flag(args, '--up')) throw new Error('the local stack is not running: start it with ./stack up, or pass --up');
    log('starting the stack: ./stack up');
    await stack.sh('up', {}, 1_800_000);
    started = true;
  }
  const runId = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.join(RESULTS, runId);
  const scheme = process.env.CHAOS_SCHEME === 'https' ? 'https:' : 'http:';
  const run: RunResult = {
    runId, suite, startedAt: new Date().toISOString(), finishedAt: '',
    command: suite === 'all' && option(args, '--only') === undefined ? FULL_COMMAND : `node deploy/chaos/dist/main.js ${args.join(' ')}`,
    gitCommit: gitCommit(), host: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    scenarios: [],
  };
  const merchant = await MerchantSink.start();
  const stray = new StrayErrors(process, log);
  try {
    const sim = new SimulatorAdmin('127.0.0.1', stack.port('SIMULATOR_PORT'));
    const target = { protocol: scheme, host: '127.0.0.1', port: stack.port(scheme === 'https:' ? 'NGINX_HTTPS_PORT' : 'NGINX_HTTP_PORT') } as const;
    const options = { stack, sim, merchant, target, users: Number(process.env.CHAOS_USERS ?? 12), runId, outDir, log };
    await eachSettled(
      scenarios,
      async (s) => {
        log(`=== ${s.name}`);
        const from = stray.seen.length;
        const result = await runScenario(s, options);
        if (stray.since(from).length > 0) result.facts['stray errors during the scenario (recorded, run went on)'] = stray.since(from);
        return result;
      },
      (s, err): ScenarioResult => ({
        name: s.name, title: s.title, fault: s.fault, passWhen: s.passWhen, ci: s.ci, outcome: 'error',
        reason: `the runner failed: ${messageOf(err)}`, startedAt: new Date().toISOString(), users: options.users, facts: {}, criteria: [],
      }),
      (result) => {
        run.scenarios.push(result);
        writeRun(run, outDir);
      },
    );
  } finally {
    stray.dispose();
    await merchant.close();
    if (started) {
      log('stopping the stack this run started: ./stack down');
      await stack.sh('down', {}, 600_000).catch((err: Error) => log(`./stack down failed: ${err.message}`));
    }
  }
  run.finishedAt = new Date().toISOString();
  writeRun(run, outDir);
  if (flag(args, '--publish')) publish(run, outDir);
  printSummary(run, outDir);
  return runPassed(run) ? 0 : 1;
}

function writeRun(run: RunResult, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  for (const s of run.scenarios) if (s.measurements === undefined) writeScenarioReport(s, outDir);
}

function publish(run: RunResult, outDir: string): void {
  mkdirSync(PUBLISHED, { recursive: true });
  writeFileSync(path.join(PUBLISHED, 'last-run.json'), `${JSON.stringify(run, null, 2)}\n`);
  for (const s of run.scenarios) {
    for (const ext of ['md', 'svg']) {
      const file = path.join(outDir, `${s.name}.${ext}`);
      if (existsSync(file)) copyFileSync(file, path.join(PUBLISHED, `${s.name}.${ext}`));
    }
  }
  docs(path.join(PUBLISHED, 'last-run.json'));
  // docs/scale-out.md quotes the published run too; the generator says what it rewrote, and its test fails while stale.
  spawnSync(process.execPath, [path.join(REPO, 'deploy/kubernetes/scale-out-doc.mjs')], { stdio: 'inherit' });
}

function docs(from: string): void {
  const run = JSON.parse(readFileSync(from, 'utf8')) as RunResult;
  writeFileSync(DOC, renderAvailabilityDoc(run, 'availability'));
  log(`wrote ${path.relative(REPO, DOC)} from ${path.relative(REPO, from)}`);
}

function printSummary(run: RunResult, outDir: string): void {
  log(`results: ${path.relative(REPO, outDir)}/run.json`);
  for (const s of run.scenarios) {
    const failed = s.criteria.filter((c) => !c.pass).map((c) => `${c.name}: ${c.detail}`);
    log(`${s.outcome.padEnd(12)} ${s.name}${s.reason ? ` (${s.reason})` : ''}${failed.length ? `\n    ${failed.join('\n    ')}` : ''}`);
  }
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'run':
      return run(args);
    case 'docs':
      docs(option(args, '--from') ?? path.join(PUBLISHED, 'last-run.json'));
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`chaos: ${err.message}\n`);
    process.exit(2);
  },
);
