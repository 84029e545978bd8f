import { type HealthIndicatorResult } from '@nestjs/terminus';

import { type HealthDependency } from './health-dependency.js';

export type HealthStatus = 'ok' | 'degraded' | 'error';
export type ConnectionState = 'connected' | 'disconnected';

// The /health body described in libs/health/README.md. `database` / `redis` are omitted when the service has no such dependency.
export interface HealthReport {
  status: HealthStatus;
  timestamp: string;
  service: string;
  database?: ConnectionState;
  redis?: ConnectionState;
  details: HealthIndicatorResult;
}

export interface CheckedDependency {
  dependency: HealthDependency;
  isUp: boolean;
  result: HealthIndicatorResult;
}

// `isFatal` decides which down dependencies make the report an `error`; any other down one degrades it.
export function summarizeHealth(
  service: string,
  checked: readonly CheckedDependency[],
  isFatal: (dependency: HealthDependency) => boolean,
  now: Date = new Date(),
): HealthReport {
  const down = checked.filter((c) => !c.isUp);
  const status: HealthStatus = down.some((c) => isFatal(c.dependency))
    ? 'error'
    : down.length > 0
      ? 'degraded'
      : 'ok';
  return {
    status,
    timestamp: now.toISOString(),
    service,
    ...connectionField('database', databaseState(checked)),
    ...connectionField('redis', allUp(checked.filter((c) => c.dependency.kind === 'redis'))),
    details: Object.assign({}, ...checked.map((c) => c.result)) as HealthIndicatorResult,
  };
}

export function httpStatusOf(report: HealthReport): 200 | 503 {
  return report.status === 'error' ? 503 : 200;
}

// The database a service cannot work without is its critical one (the primary); a replica
// being down degrades the service but does not disconnect it.
function databaseState(checked: readonly CheckedDependency[]): boolean | undefined {
  const databases = checked.filter((c) => c.dependency.kind === 'database');
  const critical = databases.filter((c) => c.dependency.critical);
  return allUp(critical.length > 0 ? critical : databases);
}

function allUp(checked: readonly CheckedDependency[]): boolean | undefined {
  return checked.length === 0 ? undefined : checked.every((c) => c.isUp);
}

function connectionField<K extends 'database' | 'redis'>(
  key: K,
  isConnected: boolean | undefined,
): Partial<Record<K, ConnectionState>> {
  if (isConnected === undefined) return {};
  return { [key]: isConnected ? 'connected' : 'disconnected' } as Partial<Record<K, ConnectionState>>;
}
