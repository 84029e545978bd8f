import { GROUP_NAMES } from '../measure/process-groups.js';
import { type BenchRun, type WorkloadResult } from './bench-run.js';
import { compareRuns } from './changes.js';
import { roundSection, type TracingPair, tracingSection } from './tracing-overhead.js';
import { count, mb, ms, percent, rate, seconds } from './format.js';
import { type ChartRow } from './svg-chart.js';

export const DOC_COMMAND = 'pnpm bench   # = nx run bench:build && node bench/dist/main.js --up';

const verdict = (pass: boolean | null): string =>
  pass === true ? '✅ pass' : pass === false ? '❌ fail' : '– not measured';
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function chartRows(run: BenchRun): ChartRow[] {
  return run.workloads.map((w) => ({
    label: w.title,
    okPerSecond: w.saturation?.okPerSecond,
    ceilingPerSecond: run.composite[w.name]?.perSecond,
    p50Ms: w.half?.latencyMs.p50,
    p99Ms: w.half?.latencyMs.p99,
  }));
}

function sqlPerRequest(w: WorkloadResult): string {
  const { primary, replica } = w.sqlPerRequest ?? {};
  if (primary === undefined && replica === undefined) return '–';
  return `${primary?.toFixed(1) ?? '–'} + ${replica?.toFixed(1) ?? '–'}`;
}

function workloadTable(run: BenchRun): string[] {
  const lines = [
    '| workload | route | connections | ok/s at saturation | % of composite ceiling | half load: ok/s, p50, p99 | failed requests | cores used | SQL statements per request (primary + replica) |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
  ];
  for (const w of run.workloads) {
    if (w.saturation === undefined || w.half === undefined) {
      lines.push(
        `| ${w.title} | \`${cell(w.route)}\` | ${w.connections} | did not run: ${cell(w.error ?? 'unknown')} | | | | | |`,
      );
      continue;
    }
    const ceiling = run.composite[w.name]?.perSecond;
    const failed =
      w.saturation.responses -
      w.saturation.ok +
      w.saturation.errors +
      w.half.responses -
      w.half.ok +
      w.half.errors;
    lines.push(
      `| ${w.title} | \`${cell(w.route)}\` | ${w.connections} | ${rate(w.saturation.okPerSecond)} | ${ceiling === undefined ? '–' : percent(w.saturation.okPerSecond / ceiling)} | ${rate(w.half.okPerSecond)}/s, ${ms(w.half.latencyMs.p50)}, ${ms(w.half.latencyMs.p99)} | ${failed === 0 ? '0' : `**${count(failed)}**`} | ${w.coresUsed?.toFixed(2) ?? '–'} | ${sqlPerRequest(w)} |`,
    );
  }
  return lines;
}

function ceilingSection(run: BenchRun): string[] {
  const c = run.ceilings;
  const lines = ['| ceiling | how it was measured | rate |', '| --- | --- | ---: |'];
  for (const [shape, load] of Object.entries(c.requestPath)) {
    lines.push(
      `| request path (${shape}) | nginx from the same template → 2 bare \`node:http\` servers answering the ${shape} body; same requests, connections and source addresses | ${rate(load.okPerSecond)}/s |`,
    );
  }
  if (c.pgbenchCreate)
    lines.push(
      `| durable write | \`pgbench\` of [the create path's SQL](../bench/sql/payment-create.sql), ${c.pgbenchCreate.clients} clients, writer port, synchronous replication | ${rate(c.pgbenchCreate.tps)}/s |`,
    );
  if (c.pgbenchRead)
    lines.push(
      `| primary-key read | \`pgbench\` of [the read query](../bench/sql/payment-read.sql), ${c.pgbenchRead.clients} clients, reader port | ${rate(c.pgbenchRead.tps)}/s |`,
    );
  if (c.redisGet)
    lines.push(
      `| Redis GET | \`redis-benchmark\`, ${c.redisGet.clients} clients, the master found through Sentinel (${run.stack.redisMaster}) | ${rate(c.redisGet.perSecond)}/s |`,
    );
  if (c.providerHop)
    lines.push(
      `| provider hop | autocannon straight at the simulator's \`POST /charges\`, webhooks held | ${rate(c.providerHop.okPerSecond)}/s |`,
    );
  if (c.hash) {
    const p = c.hash.params;
    lines.push(
      `| argon2id hash only | m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism}; ${c.hash.processes} processes × ${c.hash.threadsPerProcess} threads, as the auth instances run | ${rate(c.hash.perSecond)}/s |`,
    );
  }
  for (const [name, error] of Object.entries(c.errors))
    lines.push(`| ${name} | **not measured**: ${cell(error)} | – |`);
  lines.push('', 'Composite ceiling of a workload = 1 / Σ(1 / rate of each part):', '');
  for (const [name, composite] of Object.entries(run.composite)) {
    const title = run.workloads.find((w) => w.name === name)?.title ?? name;
    lines.push(
      `- **${title}**: ${composite.parts.map((p) => `${p.name} ${rate(p.perSecond)}/s`).join(' + ')} → **${rate(composite.perSecond)}/s**`,
    );
  }
  return lines;
}

function cpuTable(workloads: readonly WorkloadResult[]): string[] {
  const lines = [
    `| workload | ${GROUP_NAMES.join(' | ')} | load generator | other programs (cores) |`,
    `| --- | ${GROUP_NAMES.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ];
  for (const w of workloads) {
    if (w.cpu === undefined || w.cpuPerThousand === undefined || w.saturation === undefined) continue;
    const perK = (s: number): string => ((1000 * s) / Math.max(1, w.saturation?.responses ?? 1)).toFixed(3);
    lines.push(
      `| ${w.title} | ${GROUP_NAMES.map((g) => w.cpuPerThousand?.[g].toFixed(3)).join(' | ')} | ${perK(w.cpu.benchClient)} | ${(Math.max(0, w.cpu.other) / w.cpu.wallSeconds).toFixed(2)} |`,
    );
  }
  return lines;
}

function memoryTable(workloads: readonly WorkloadResult[]): string[] {
  const names = [...new Set(workloads.flatMap((w) => Object.keys(w.peakRssBytes ?? {})))].sort();
  if (names.length === 0) return ['No memory samples in this run.'];
  const lines = [`| workload | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---:').join(' | ')} |`];
  for (const w of workloads) {
    if (w.peakRssBytes === undefined) continue;
    lines.push(
      `| ${w.title} | ${names.map((n) => (w.peakRssBytes?.[n] === undefined ? '–' : mb(w.peakRssBytes[n]))).join(' | ')} |`,
    );
  }
  return lines;
}

function nginxTable(workloads: readonly WorkloadResult[]): string[] {
  const lines = [
    '| workload | requests per connection | requests nginx logged | distinct source addresses | most from one address | 429 to the suite | 429 to others |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const w of workloads) {
    const log = w.accessLog;
    if (log === undefined) continue;
    const others =
      Object.entries(log.others.rateLimited)
        .map(([route, n]) => `${n}× ${route}`)
        .join('; ') || '0';
    lines.push(
      `| ${w.title} | ${w.requestsPerConnection ?? '–'} | ${count(log.own.requests)} | ${count(log.own.addresses)} | ${log.own.maxPerAddress} | ${log.own.statuses['429'] ?? 0} | ${cell(others)} |`,
    );
  }
  return lines;
}

function changesSection(baseline: BenchRun, run: BenchRun): string[] {
  const lines = [
    `Baseline: run \`${baseline.label ?? 'baseline'}\` of ${baseline.startedAt} (commit \`${baseline.git.commit}\`${baseline.git.servicesCommit ? `, services built from \`${baseline.git.servicesCommit}\`` : ''}); after: this page's run. The share of the composite ceiling is the figure to compare: each side is measured against ceilings taken in its own run.`,
    '',
    '| workload | ok/s before → after | ratio | % of ceiling before → after | ratio | p99 at half load before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const share = (s?: number): string => (s === undefined ? '–' : percent(s));
  const p99 = (v?: number): string => (v === undefined ? '–' : ms(v));
  for (const r of compareRuns(baseline, run)) {
    lines.push(
      `| ${r.workload} | ${r.before ? rate(r.before.okPerSecond) : '–'} → ${r.after ? rate(r.after.okPerSecond) : '–'} | ${r.throughputRatio?.toFixed(2) ?? '–'} | ${share(r.before?.shareOfCeiling)} → ${share(r.after?.shareOfCeiling)} | ${r.shareRatio?.toFixed(2) ?? '–'} | ${p99(r.before?.p99Ms)} → ${p99(r.after?.p99Ms)} |`,
    );
  }
  return lines;
}

function problems(run: BenchRun): string[] {
  const lines: string[] = [];
  for (const w of run.workloads) {
    if (w.error) lines.push(`- **${w.title}** did not run: ${w.error}`);
    for (const f of w.flags) lines.push(`- **${w.title}**: ${f}`);
    for (const n of w.notes) lines.push(`- ${w.title}: ${n}`);
    const others = Object.entries(w.accessLog?.others.rateLimited ?? {});
    if (others.length > 0)
      lines.push(
        `- **${w.title}**: nginx rate-limited traffic that was not the suite's: ${others.map(([r, n]) => `${n}× ${r}`).join('; ')}`,
      );
  }
  for (const s of run.startup) if (s.error) lines.push(`- **start-up of ${s.service}**: ${s.error}`);
  if (run.stack.argon2.mismatch) lines.push(`- argon2id parameters: ${run.stack.argon2.mismatch}`);
  return lines.length > 0
    ? lines
    : ['None: every request of every run answered 2xx, and nothing needed a second look.'];
}

/** docs/performance.md, generated from a run's JSON only (and the labelled baseline when there is one). */
export function renderPerformanceDoc(
  run: BenchRun,
  svgPath: string,
  baseline?: BenchRun,
  tracing: TracingPair[] = [],
  round: TracingPair[] = [],
): string {
  const m = run.machine;
  const s = run.settings;
  const passed = run.targets.filter((t) => t.pass === true).length;
  const out = [
    '<!-- GENERATED by bench (node bench/dist/main.js --doc) from bench/results/last-run.json. Do not edit by hand. -->',
    '# Performance: measured against ceilings from the same run',
    '',
    `Every figure below comes from the benchmark's last recorded run (${run.startedAt} → ${run.finishedAt}, commit \`${run.git.commit}\`${run.git.dirty ? ' with uncommitted changes' : ''}) on ${m.nproc} CPUs (${m.cpuModel}), ${count(m.memoryMb)} MB of memory, Node ${m.node}, ${m.platform}. Targets: **${passed} of ${run.targets.length} met**.`,
    '',
    'Reproduce (brings the local stack up if needed; rewrites this page and `bench/results/last-run.json`):',
    '',
    '```sh',
    DOC_COMMAND,
    'pnpm bench -- --label baseline   # the same, also saved as bench/results/baseline.json for the "Changes" section',
    '```',
    '',
    `The load goes through nginx (${s.baseUrl}) in the stack's production configuration, from the loopback source addresses ${s.sourceAddresses.first} … ${s.sourceAddresses.last}, so nginx's per-IP limits stay on; on rate-limited routes each connection moves to a fresh address after as many requests as the route's burst admits, resuming its TLS session. Per workload: ${s.warmupSeconds} s warm-up, ${s.seconds} s at saturation (throughput, CPU), then ${s.halfSeconds} s paced at half that throughput (latency). Postgres: \`synchronous_commit = ${run.stack.synchronousCommit}\`, \`synchronous_standby_names = '${run.stack.synchronousStandbyNames}'\` (${run.stack.replication.map((r) => `${r.name}: ${r.syncState}`).join(', ') || 'no standby connected'}). How it works: [bench/README.md](../bench/README.md).`,
    '',
    '## Targets',
    '',
    '| target | criterion | measured | result |',
    '| --- | --- | --- | --- |',
    ...run.targets.flatMap((t) =>
      t.criteria.map(
        (c, i) =>
          `| ${i === 0 ? `**${t.row}** (${verdict(t.pass)})` : ''} | ${cell(c.target)} | ${cell(c.measured)} | ${verdict(c.pass)} |`,
      ),
    ),
    '',
    `![Throughput at saturation next to its ceiling, and latency at half load, per workload](${svgPath})`,
    '',
    '## Workloads',
    '',
    ...workloadTable(run),
    '',
    '## Ceilings (measured in the same run)',
    '',
    ...ceilingSection(run),
    '',
    '## CPU seconds per 1 000 requests, by process group (saturation run)',
    '',
    "services = the Node processes of auth, payment and the provider simulator; postgres = both nodes' postmasters and every backend; redis = master and replica. Read from `/proc/<pid>/stat` (own and reaped children's time) before and after the run. \"other programs\" is the machine's busy time nobody in the table accounts for, in cores: high values mean the machine was shared.",
    '',
    ...cpuTable(run.workloads),
    '',
    '## Peak resident memory per instance (VmRSS every 200 ms, whole workload)',
    '',
    ...memoryTable(run.workloads),
    '',
    '## Start-up: spawn → first `/health/ready` 200',
    '',
    ...(run.startup.length === 0
      ? ['Not measured in this run.']
      : [
          'Each service is started a few times, each time once the machine has gone quiet after the workloads; the median is the figure the target uses.',
          '',
          '| service | ready after (median) | each attempt | machine busy just before (cores) |',
          '| --- | ---: | --- | --- |',
          ...run.startup.map(
            (x) =>
              `| ${x.service} | ${x.readyMs === undefined ? `never (${cell(x.error ?? '')})` : seconds(x.readyMs / 1000)} | ${(x.attemptsMs ?? []).map((a) => seconds(a / 1000)).join(', ') || '–'} | ${(x.busyCoresBefore ?? []).map((c) => c.toFixed(2)).join(', ') || '–'} |`,
          ),
        ]),
    '',
    "## nginx's view of the load (its access log during each saturation run)",
    '',
    ...nginxTable(run.workloads),
    '',
  ];
  if (baseline !== undefined) out.push('## Changes', '', ...changesSection(baseline, run), '');
  if (round.length > 0) out.push('## The last round of changes, before and after (ADR 0006)', '', ...roundSection(round), '');
  if (tracing.length > 0) out.push('## Tracing overhead (ADR 0009)', '', ...tracingSection(tracing), '');
  out.push('## Problems found in this run', '', ...problems(run), '');
  return out.join('\n');
}
