export {
  Database,
  type IsolationLevel,
  type PoolStats,
  type ReadOptions,
  type ReplicationRole,
} from './database.js';
export { DatabaseEnv } from './database.env.js';
export {
  isConnectionError,
  isDatabaseUnavailable,
  isRecoveryConflict,
  isSerializationFailure,
  isUniqueViolation,
} from './database.errors.js';
export { dbPoolConnections, dbReplicaLagSeconds } from './database.metrics.js';
export { type DatabaseOptions, databaseOptionsFromEnv } from './database.options.js';
export { columnList, queryPrepared } from './prepared.js';
export { hydrate, insertReturning, updateReturning } from './returning.js';
