import { type CheckResults } from '../checks/consistency-checks.js';
import { type Criterion } from '../scenarios/criteria.js';
import { type Measurements } from '../scenarios/measurements.js';

export type Outcome = 'pass' | 'fail' | 'not-runnable' | 'error';

/** One scenario as recorded in a run's JSON: what was done, what was measured, what was checked. */
export interface ScenarioResult {
  name: string;
  title: string;
  fault: string;
  passWhen: string;
  ci: boolean;
  outcome: Outcome;
  reason?: string;
  startedAt: string;
  users: number;
  measurements?: Measurements;
  checks?: CheckResults;
  facts: Record<string, unknown>;
  criteria: Criterion[];
}

export interface RunResult {
  runId: string;
  suite: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  gitCommit: string;
  host: { cpus: number; node: string; platform: string };
  scenarios: ScenarioResult[];
}

export function runPassed(run: RunResult): boolean {
  return run.scenarios.every((s) => s.outcome === 'pass' || s.outcome === 'not-runnable');
}
