export { breakerDependency } from './breaker.dependency.js';
export { primaryDependency, replicaDependency } from './database.dependency.js';
export {
  drainAndClose,
  type DrainOptions,
  type GracefulShutdownOptions,
  installGracefulShutdown,
  type ShutdownOutcome,
} from './graceful-shutdown.js';
export {
  DEFAULT_HEALTH_TIMEOUT_MS,
  DependencyDownError,
  type HealthDependency,
} from './health-dependency.js';
export { type ConnectionState, type HealthReport, type HealthStatus } from './health-report.js';
export { HealthModule, type HealthModuleOptions } from './health.module.js';
export { redisDependency } from './redis.dependency.js';
export { ShutdownState } from './shutdown-state.js';
