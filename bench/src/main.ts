import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseArgs, USAGE } from './cli/args.js';
import { type BenchRun } from './report/bench-run.js';
import { chartRows, renderPerformanceDoc } from './report/performance-doc.js';
import { renderBenchSvg } from './report/svg-chart.js';
import { type TracingPair } from './report/tracing-overhead.js';
import { renderSummary } from './report/terminal.js';
import { Stack } from './stack/stack.js';
import { runSuite } from './suite/suite.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(REPO, 'bench/results');
const LAST_RUN = path.join(RESULTS, 'last-run.json');
const BASELINE = path.join(RESULTS, 'baseline.json');
const DOC = path.join(REPO, 'docs/performance.md');
const SVG = path.join(REPO, 'docs/performance/bench.svg');

const log = (m: string): void => {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
};

function writeJson(file: string, run: BenchRun): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  log(`wrote ${path.relative(REPO, file)}`);
}

const readRun = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BenchRun;

/** Runs labelled `<before>-N` and `<after>-N`, paired by N: tracing off/on (ADR 0009), a round's before/after (ADR 0006). */
function labelledPairs(before: string, after: string): TracingPair[] {
  const files = existsSync(RESULTS) ? readdirSync(RESULTS) : [];
  return files
    .map((file) => new RegExp(`^${before}-(\\d+)\\.json$`).exec(file)?.[1])
    .filter((n): n is string => n !== undefined && files.includes(`${after}-${n}.json`))
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => ({
      off: readRun(path.join(RESULTS, `${before}-${n}.json`)),
      on: readRun(path.join(RESULTS, `${after}-${n}.json`)),
    }));
}

/** docs/performance.md and its SVG from last-run.json (and baseline.json, tracing pairs when present): never typed. */
function writeDoc(): void {
  if (!existsSync(LAST_RUN))
    throw new Error(`${path.relative(REPO, LAST_RUN)} does not exist: run pnpm bench first`);
  const run = JSON.parse(readFileSync(LAST_RUN, 'utf8')) as BenchRun;
  const baseline = existsSync(BASELINE)
    ? (JSON.parse(readFileSync(BASELINE, 'utf8')) as BenchRun)
    : undefined;
  mkdirSync(path.dirname(SVG), { recursive: true });
  writeFileSync(
    SVG,
    renderBenchSvg(
      `pnpm bench, ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${run.git.commit}`,
      chartRows(run),
    ),
  );
  const tracing = labelledPairs('tracing-off', 'tracing-on');
  const round = labelledPairs('round-before', 'round-after');
  writeFileSync(DOC, renderPerformanceDoc(run, path.relative(path.dirname(DOC), SVG), baseline, tracing, round));
  log(
    `wrote ${path.relative(REPO, DOC)} and ${path.relative(REPO, SVG)} from ${path.relative(REPO, LAST_RUN)}${baseline ? ' and baseline.json' : ''}${tracing.length > 0 ? ` and ${tracing.length} tracing pair(s)` : ''}${round.length > 0 ? ` and ${round.length} round pair(s)` : ''}`,
  );
  // docs/scale-out.md quotes this run too; the generator says what it rewrote, and its test fails while stale.
  spawnSync(process.execPath, [path.join(REPO, 'deploy/kubernetes/scale-out-doc.mjs')], { stdio: 'inherit' });
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.doc) {
    writeDoc();
    return 0;
  }
  const stack = new Stack(REPO);
  let started = false;
  if (!stack.isRunning()) {
    if (!options.up)
      throw new Error('the local stack is not running: start it with ./stack up, or pass --up');
    log('starting the stack: ./stack up');
    await stack.up();
    started = true;
  }
  let run: BenchRun;
  try {
    run = await runSuite({
      repo: REPO,
      stack,
      ...options,
      command: ['pnpm bench', ...argv.filter((a) => a !== '--up' && a !== '--')].join(' '),
      log,
    });
  } finally {
    if (started) {
      log('stopping the stack this run started: ./stack down');
      await stack.down().catch((err: Error) => log(`./stack down failed: ${err.message}`));
    }
  }
  process.stdout.write(`\n${renderSummary(run)}\n\n`);
  if (run.full) {
    writeJson(LAST_RUN, run);
    writeDoc();
  } else {
    writeJson(path.join(RESULTS, 'partial-run.json'), run);
    log('a partial run (--only): last-run.json and docs/performance.md are left as they were');
  }
  if (options.label !== undefined) writeJson(path.join(RESULTS, `${options.label}.json`), run);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.message}\n${err.message.includes('usage:') ? '' : `${USAGE}\n`}`);
    process.exit(2);
  },
);
