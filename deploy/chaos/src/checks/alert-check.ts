import { setTimeout as sleep } from 'node:timers/promises';

import { type Criterion } from '../scenarios/criteria.js';
import { type StackControl } from '../stack/stack-control.js';

/** One alert's course around a fault, in seconds after the fault (Prometheus's ALERTS series). */
export interface AlertCourse {
  alert: string;
  /** Seen active (pending or firing) before the fault: then the fault did not set it off. */
  activeBeforeFault: boolean;
  pendingAfterS: number | null;
  firingAfterS: number | null;
  /** The last evaluation it was active, relative to the fault; null when never active. */
  lastActiveAfterS: number | null;
  resolved: boolean;
}

type Matrix = { metric: Record<string, string>; values: [number, string][] }[];

/**
 * Samples that ended more than this before the fault belong to something else (an exporter still
 * starting after `./stack up`), not to the fault; one still active this close to it does count.
 */
const AT_FAULT_S = 3;

/** Reads the ALERTS samples of a query_range answer into the alert's course around `faultAtS`. */
export function alertCourse(alert: string, matrix: Matrix, faultAtS: number, resolved: boolean): AlertCourse {
  const times = (state: string) =>
    matrix
      .filter((s) => s.metric['alertstate'] === state)
      .flatMap((s) => s.values.map(([t]) => t))
      .filter((t) => t >= faultAtS - AT_FAULT_S);
  const first = (ts: number[]) => (ts.length ? Math.min(...ts) : null);
  const all = [...times('pending'), ...times('firing')];
  const rel = (t: number | null) => (t === null ? null : Math.round((t - faultAtS) * 10) / 10);
  return {
    alert,
    activeBeforeFault: all.some((t) => t < faultAtS),
    pendingAfterS: rel(first(times('pending'))),
    firingAfterS: rel(first(times('firing'))),
    lastActiveAfterS: rel(all.length ? Math.max(...all) : null),
    resolved,
  };
}

export function alertCriterion(course: AlertCourse): Criterion {
  const wentOff = course.pendingAfterS !== null || course.firingAfterS !== null;
  const when = [
    course.pendingAfterS !== null ? `pending ${course.pendingAfterS} s after the fault` : 'never pending',
    course.firingAfterS !== null ? `firing at ${course.firingAfterS} s` : 'not firing (its `for:` is longer than the fault)',
    course.lastActiveAfterS !== null ? `last active at ${course.lastActiveAfterS} s` : '',
    course.resolved ? 'resolved' : 'still active',
    course.activeBeforeFault ? 'ALREADY ACTIVE BEFORE THE FAULT' : '',
  ].filter(Boolean).join('; ');
  return {
    name: `alert ${course.alert} went off during the fault and resolved after`,
    pass: wentOff && course.resolved && !course.activeBeforeFault,
    detail: `Prometheus: ${when}`,
  };
}

export const RESOLVE_WAIT_MS = 120_000;

/** Through the Prometheus HTTP API (a runbook command): waits up to `timeoutMs` for `alert` to be inactive; false if it stayed active. */
export async function waitAlertInactive(stack: StackControl, alert: string, timeoutMs: number): Promise<boolean> {
  const active = async () => {
    const body = JSON.parse(await stack.sh('alerts', {}, 10_000)) as { data: { alerts: { labels: Record<string, string> }[] } };
    return body.data.alerts.some((a) => a.labels['alertname'] === alert);
  };
  const deadline = Date.now() + timeoutMs;
  let stillActive = await active();
  while (stillActive && Date.now() < deadline) {
    await sleep(2_000);
    stillActive = await active();
  }
  return !stillActive;
}

/**
 * Through the Prometheus HTTP API (the runbook's commands): waits up to two minutes for `alert`
 * to be inactive, then reads its pending/firing history since 30 s before the fault.
 */
export async function watchAlert(stack: StackControl, alert: string, faultAtMs: number): Promise<AlertCourse> {
  const resolved = await waitAlertInactive(stack, alert, RESOLVE_WAIT_MS);
  const faultAtS = faultAtMs / 1000;
  const answer = JSON.parse(await stack.sh('alertHistory', {
    alert, start: Math.floor(faultAtS - 30), end: Math.ceil(Date.now() / 1000),
  }, 10_000)) as { status: string; data: { result: Matrix } };
  if (answer.status !== 'success') throw new Error(`Prometheus query_range for ${alert}: ${answer.status}`);
  return alertCourse(alert, answer.data.result, faultAtS, resolved);
}
