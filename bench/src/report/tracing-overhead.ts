import { type BenchRun } from './bench-run.js';
import { compareRuns } from './changes.js';
import { ms, rate } from './format.js';
import { median } from './median.js';

/** Labelled runs `tracing-off-N` and `tracing-on-N`, taken back to back (ADR 0009). */
export interface TracingPair {
  off: BenchRun;
  on: BenchRun;
}

export interface OverheadRow {
  workload: string;
  pairs: number;
  /** Medians over the pairs. */
  offPerSecond: number;
  onPerSecond: number;
  /** Median of each pair's on / off: a pair shares the machine's state, pairs may not. */
  throughputRatio: number;
  servicesCpuOff?: number;
  servicesCpuOn?: number;
  servicesCpuRatio?: number;
  postgresCpuOff?: number;
  postgresCpuOn?: number;
  postgresCpuRatio?: number;
  p99OffMs?: number;
  p99OnMs?: number;
}


const medianOf = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === values.length && known.length > 0 ? median(known) : undefined;
};

const groupCpu = (run: BenchRun, workload: string, group: 'services' | 'postgres') =>
  run.workloads.find((w) => w.name === workload)?.cpuPerThousand?.[group];

/** One group's CPU per 1 000 requests on each side (medians) and the median of the pairs' ratios. */
function cpuColumns(pairs: TracingPair[], workload: string, group: 'services' | 'postgres') {
  const off = pairs.map((p) => groupCpu(p.off, workload, group));
  const on = pairs.map((p) => groupCpu(p.on, workload, group));
  const ratios = pairs.map((_, i) => (off[i] && on[i] ? on[i]! / off[i]! : undefined));
  return { off: medianOf(off), on: medianOf(on), ratio: medianOf(ratios) };
}

/** Per workload measured on both sides of every pair: throughput, services' CPU per request, p99. */
export function tracingOverhead(pairs: TracingPair[]): OverheadRow[] {
  if (pairs.length === 0) return [];
  const perPair = pairs.map((pair) => new Map(compareRuns(pair.off, pair.on).map((row) => [row.workload, row])));
  const workloads = [...perPair[0].keys()].filter((name) =>
    perPair.every((rows) => rows.get(name)?.throughputRatio !== undefined),
  );
  return workloads.map((workload) => {
    const rows = perPair.map((byName) => byName.get(workload)!);
    const services = cpuColumns(pairs, workload, 'services');
    const postgres = cpuColumns(pairs, workload, 'postgres');
    return {
      workload,
      pairs: pairs.length,
      offPerSecond: median(rows.map((r) => r.before!.okPerSecond)),
      onPerSecond: median(rows.map((r) => r.after!.okPerSecond)),
      throughputRatio: median(rows.map((r) => r.throughputRatio!)),
      servicesCpuOff: services.off,
      servicesCpuOn: services.on,
      servicesCpuRatio: services.ratio,
      postgresCpuOff: postgres.off,
      postgresCpuOn: postgres.on,
      postgresCpuRatio: postgres.ratio,
      p99OffMs: medianOf(rows.map((r) => r.before?.p99Ms)),
      p99OnMs: medianOf(rows.map((r) => r.after?.p99Ms)),
    };
  });
}

/** The doc's "Tracing overhead" section. */
export function tracingSection(pairs: TracingPair[]): string[] {
  return [
    `${pairs.length} pair${pairs.length === 1 ? '' : 's'} of runs, each pair back to back: the services with tracing off (the default: no OTLP endpoint) and on (every request traced, exported over OTLP/HTTP to a local receiver that discards what it gets). Figures are medians over the pairs; the ratio is the median of each pair's on / off. The machine is shared with other work, so single runs move by more than the overhead: read the ratios, not the rates. Runs: ${runNames(pairs)}.`,
    '',
    ...pairTable(pairs, 'off', 'on'),
  ];
}

/** Labelled runs `round-before-N` / `round-after-N`: the code before and after one round of changes (ADR 0006). */
export function roundSection(pairs: TracingPair[]): string[] {
  return [
    `${pairs.length} pair${pairs.length === 1 ? '' : 's'} of partial runs, each pair back to back on the same machine: the services as they were before the round (\`${pairs[0]?.off.git.commit ?? '?'}\`) and after it, each stack on its own ports. Figures are medians over the pairs; the ratio is the median of each pair's after / before. Runs: ${runNames(pairs)}.`,
    '',
    ...pairTable(pairs, 'before', 'after'),
  ];
}

const runNames = (pairs: TracingPair[]) =>
  pairs.map((p) => `\`${p.off.label}\`/\`${p.on.label}\` (${p.off.startedAt.slice(0, 16)})`).join(', ');

function pairTable(pairs: TracingPair[], off: string, on: string): string[] {
  const rows = tracingOverhead(pairs);
  const optional = (v: number | undefined, show: (n: number) => string) => (v === undefined ? '–' : show(v));
  return [
    `| workload | ok/s ${off} → ${on} | ratio | services CPU s / 1 000 req ${off} → ${on} | ratio | postgres CPU s / 1 000 req ${off} → ${on} | ratio | p99 at half load ${off} → ${on} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${rate(r.offPerSecond)} → ${rate(r.onPerSecond)} | ${r.throughputRatio.toFixed(2)} | ${optional(r.servicesCpuOff, (n) => n.toFixed(2))} → ${optional(r.servicesCpuOn, (n) => n.toFixed(2))} | ${optional(r.servicesCpuRatio, (n) => n.toFixed(2))} | ${optional(r.postgresCpuOff, (n) => n.toFixed(2))} → ${optional(r.postgresCpuOn, (n) => n.toFixed(2))} | ${optional(r.postgresCpuRatio, (n) => n.toFixed(2))} | ${optional(r.p99OffMs, ms)} → ${optional(r.p99OnMs, ms)} |`,
    ),
  ];
}
