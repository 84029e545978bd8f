import { failedRequests, type LoadSummary } from '../load/load-summary.js';
import { type AccessLogSummary } from '../measure/access-log.js';
import { type CpuUsage } from '../measure/cpu-accounting.js';

// Beyond these, a figure is reported with a warning next to it rather than silently.
const BUSY_MACHINE_CORES = 0.25;
const LATE_SHARE = 0.01;

export interface FlagInput {
  saturation: LoadSummary;
  half: LoadSummary;
  cpu: CpuUsage;
  /** Service instances whose pid changed or vanished during the workload. */
  restarted: readonly string[];
  accessLog?: AccessLogSummary;
  /** The highest rate the source-address pool keeps under the route's per-IP limit (nginx routes). */
  safeRate?: number;
}

function failures(what: string, s: LoadSummary): string | undefined {
  const failed = failedRequests(s);
  if (failed === 0) return undefined;
  const statuses = Object.entries(s.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n}× ${code}`);
  if (s.errors > 0)
    statuses.push(`${s.errors} without an answer${s.timeouts > 0 ? ` (${s.timeouts} timed out)` : ''}`);
  return `${failed} of ${s.responses + s.errors} requests failed ${what}: ${statuses.join(', ')}`;
}

/** Why a workload's figures need a second look; empty when nothing does. */
export function flagRun(input: FlagInput): string[] {
  const flags: (string | undefined)[] = [
    failures('at saturation', input.saturation),
    failures('at half load', input.half),
  ];
  const own429 = input.accessLog?.own.statuses['429'] ?? 0;
  if (own429 > 0) flags.push(`nginx rate-limited the suite's own source addresses ${own429} times`);
  if (input.restarted.length > 0)
    flags.push(
      `restarted during the run: ${input.restarted.join(', ')}; CPU and memory figures are incomplete`,
    );
  const otherCores = input.cpu.wallSeconds > 0 ? input.cpu.other / input.cpu.wallSeconds : 0;
  if (otherCores > BUSY_MACHINE_CORES)
    flags.push(`other programs kept ${otherCores.toFixed(2)} cores busy meanwhile`);
  const late = input.half.lateSends ?? 0;
  const sent = input.half.responses + input.half.errors;
  if (sent > 0 && late / sent > LATE_SHARE)
    flags.push(`half load fell behind its schedule (${late} late sends): not enough free connections`);
  if (input.safeRate !== undefined && input.saturation.okPerSecond > input.safeRate) {
    flags.push(
      `${Math.round(input.saturation.okPerSecond)}/s is more than the source-address pool keeps under nginx's per-IP limit (${Math.round(input.safeRate)}/s)`,
    );
  }
  return flags.filter((f): f is string => f !== undefined);
}
