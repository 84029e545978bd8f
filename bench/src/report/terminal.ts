import { failedRequests } from '../load/load-summary.js';
import { GROUP_NAMES } from '../measure/process-groups.js';
import { type BenchRun } from './bench-run.js';
import { mb, percent, rate } from './format.js';

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-–\d\s.,%/×]*$/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const mark = (pass: boolean | null): string => (pass === true ? 'PASS' : pass === false ? 'FAIL' : ' -- ');

/** What the terminal shows at the end of a run: workloads, targets, then anything flagged. */
export function renderSummary(run: BenchRun): string {
  const rows = run.workloads.map((w) => {
    if (w.saturation === undefined || w.half === undefined) return [w.title, 'did not run'];
    const ceiling = run.composite[w.name]?.perSecond;
    const peak = Math.max(0, ...Object.values(w.peakRssBytes ?? {}));
    return [
      w.title,
      rate(w.saturation.okPerSecond),
      String(failedRequests(w.saturation) + failedRequests(w.half)),
      ceiling === undefined ? '–' : rate(ceiling),
      ceiling === undefined ? '–' : percent(w.saturation.okPerSecond / ceiling),
      `${w.half.latencyMs.p50} / ${w.half.latencyMs.p99}`,
      ...GROUP_NAMES.map((g) => w.cpuPerThousand?.[g].toFixed(2) ?? '–'),
      w.coresUsed?.toFixed(2) ?? '–',
      mb(peak),
      w.flags.length === 0 ? '' : `${w.flags.length} flag(s)`,
    ];
  });
  const header = [
    'workload',
    'ok/s',
    'failed',
    'ceiling/s',
    '% ceil',
    'p50/p99 ms @half',
    ...GROUP_NAMES.map((g) => `${g} s/1k`),
    'cores',
    'max RSS',
    '',
  ];
  const out = [textTable(header, rows), '', 'targets (issue 11):'];
  for (const t of run.targets) {
    out.push(`  ${mark(t.pass)}  ${t.row}`);
    for (const c of t.criteria) out.push(`          ${mark(c.pass)} ${c.target}: ${c.measured}`);
  }
  const flagged = run.workloads.flatMap((w) => [
    ...(w.error ? [`${w.title}: did not run: ${w.error}`] : []),
    ...w.flags.map((f) => `${w.title}: ${f}`),
    ...w.notes.map((n) => `${w.title}: ${n}`),
  ]);
  const ceilingErrors = Object.entries(run.ceilings.errors).map(
    ([k, v]) => `ceiling ${k} not measured: ${v}`,
  );
  if (flagged.length + ceilingErrors.length > 0)
    out.push('', 'flagged:', ...[...flagged, ...ceilingErrors].map((f) => `  ! ${f}`));
  return out.join('\n');
}
