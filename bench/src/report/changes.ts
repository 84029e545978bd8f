import { type BenchRun } from './bench-run.js';

export interface RunFigures {
  okPerSecond: number;
  /** Throughput as a share of the workload's composite ceiling measured in the same run. */
  shareOfCeiling?: number;
  p99Ms?: number;
}

export interface ChangeRow {
  workload: string;
  before?: RunFigures;
  after?: RunFigures;
  /** after / before; only where both exist. */
  throughputRatio?: number;
  shareRatio?: number;
}

function figures(run: BenchRun, name: string): RunFigures | undefined {
  const w = run.workloads.find((x) => x.name === name);
  if (w?.saturation === undefined) return undefined;
  const ceiling = run.composite[name]?.perSecond;
  return {
    okPerSecond: w.saturation.okPerSecond,
    shareOfCeiling: ceiling === undefined ? undefined : w.saturation.okPerSecond / ceiling,
    p99Ms: w.half?.latencyMs.p99,
  };
}

/**
 * The labelled baseline next to the last run, per workload. The share of the ceiling is the figure
 * to compare across runs: both sides were measured against ceilings taken on the same machine state.
 */
export function compareRuns(baseline: BenchRun, last: BenchRun): ChangeRow[] {
  const names = [
    ...new Set([...last.workloads.map((w) => w.name), ...baseline.workloads.map((w) => w.name)]),
  ];
  return names.map((workload) => {
    const before = figures(baseline, workload);
    const after = figures(last, workload);
    const row: ChangeRow = { workload, before, after };
    if (before !== undefined && after !== undefined && before.okPerSecond > 0)
      row.throughputRatio = after.okPerSecond / before.okPerSecond;
    if (
      before?.shareOfCeiling !== undefined &&
      after?.shareOfCeiling !== undefined &&
      before.shareOfCeiling > 0
    )
      row.shareRatio = after.shareOfCeiling / before.shareOfCeiling;
    return row;
  });
}
