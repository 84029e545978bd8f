import { type Argon2Params } from '../ceilings/argon2-params.js';
import { type CompositeCeiling } from '../ceilings/composite.js';
import { type HashCeiling } from '../ceilings/hash-ceiling.js';
import { type PgbenchResult } from '../ceilings/pgbench.js';
import { type RedisBenchmarkResult } from '../ceilings/redis-benchmark.js';
import { type LoadSummary } from '../load/load-summary.js';
import { type AccessLogSummary } from '../measure/access-log.js';
import { type CpuUsage } from '../measure/cpu-accounting.js';
import { type GroupName } from '../measure/process-groups.js';
import { type StatementCounts } from '../measure/sql-statements.js';
import { type StartupResult } from '../startup/startup-probe.js';
import { type TargetRow } from './targets.js';

export interface WorkloadResult {
  name: string;
  title: string;
  route: string;
  connections: number;
  /** Requests per connection before it moves to a fresh source address (nginx routes). */
  requestsPerConnection?: number;
  saturation?: LoadSummary;
  half?: LoadSummary;
  cpu?: CpuUsage;
  cpuPerThousand?: Record<GroupName, number>;
  coresUsed?: number;
  /** SQL statements the services ran per request, on the primary and on the replica (background jobs included). */
  sqlPerRequest?: StatementCounts;
  peakRssBytes?: Record<string, number>;
  accessLog?: AccessLogSummary;
  /** Why this run's figures need a second look (errors, restarts, a busy machine …). */
  flags: string[];
  notes: string[];
  /** The workload could not run at all. */
  error?: string;
}

export interface Ceilings {
  requestPath: Record<string, LoadSummary>;
  pgbenchCreate?: PgbenchResult;
  pgbenchRead?: PgbenchResult;
  redisGet?: RedisBenchmarkResult;
  providerHop?: LoadSummary;
  hash?: HashCeiling;
  errors: Record<string, string>;
}

export interface BenchRun {
  schema: 1;
  label?: string;
  /** Every workload and the start-up probe ran; only such a run becomes last-run.json and the doc. */
  full: boolean;
  command: string;
  startedAt: string;
  finishedAt: string;
  /** `servicesCommit`: when the stack ran another checkout's build than the bench's (a baseline of older code). */
  git: { commit: string; dirty: boolean; servicesCommit?: string };
  machine: { nproc: number; cpuModel: string; memoryMb: number; node: string; platform: string };
  settings: {
    seconds: number;
    halfSeconds: number;
    warmupSeconds: number;
    baseUrl: string;
    sourceAddresses: { first: string; last: string };
  };
  stack: {
    synchronousStandbyNames: string;
    synchronousCommit: string;
    replication: { name: string; syncState: string }[];
    redisMaster: string;
    rateLimits: Record<string, { perSecond: number; burst: number }>;
    argon2: Argon2Params & { source: string; mismatch?: string };
    pgbenchClients: number;
  };
  workloads: WorkloadResult[];
  ceilings: Ceilings;
  composite: Record<string, CompositeCeiling>;
  startup: StartupResult[];
  targets: TargetRow[];
}
