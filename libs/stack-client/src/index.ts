export { parseEnvFile, readEnvFile } from './env-file.js';
export { assertLoopback, isLoopback } from './loopback.js';
export {
  NO_FAULTS,
  SimulatorAdmin,
  type SimulatorEventRecord,
  type SimulatorFaults,
  type SimulatorStats,
} from './simulator-admin.js';
export { StackClient, type WaitHealthyOptions } from './stack-client.js';
export {
  byName,
  instancesOf,
  parseStackStatus,
  pidOf,
  type StackProcess,
  unhealthy,
  withRole,
} from './stack-status.js';
