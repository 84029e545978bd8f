export { runOnce, type RunOnceOptions } from './run-once.js';
export { type ServiceProcess, startService, type StartServiceOptions } from './service-process.js';
export { workspaceRoot } from './workspace-root.js';
