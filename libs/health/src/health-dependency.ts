// What a service tells the health module about one thing it depends on.
export interface HealthDependency {
  /** Indicator name in `details`, e.g. 'primary', 'replica', 'redis', 'breakers'. Unique per service. */
  key: string;
  /** Feeds the top-level `database` / `redis` fields of the /health body. */
  kind: 'database' | 'redis' | 'breaker' | 'other';
  /** Down and critical → /health is `error` (503); down and not critical → `degraded` (200). */
  critical: boolean;
  /** Also checked by /health/ready (default: `critical`). */
  readiness?: boolean;
  /** Resolves (optionally with details) when up; throws or rejects when down. */
  check(): Promise<Record<string, unknown> | void>;
  /** The check is raced against this deadline (default 1000 ms) and reported down when it loses. */
  timeoutMs?: number;
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 1_000;

export const HEALTH_DEPENDENCIES = Symbol('HEALTH_DEPENDENCIES');
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  service: string;
}

export function isReadinessDependency(dependency: HealthDependency): boolean {
  return dependency.readiness ?? dependency.critical;
}

// A check may throw this to report details along with the reason it is down.
export class DependencyDownError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DependencyDownError';
  }
}
