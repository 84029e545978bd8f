// The SDK itself is only loaded by ./register (the preload); this entry needs just the API.
export { currentTraceparent, runInTrace, traceLogFields } from './trace-context.js';
export { isTracingEnabled, TracingEnv } from './tracing.env.js';

/** How every service loads tracing: `node --import @app/tracing/register <entry>` (ADR 0009). */
export const TRACING_NODE_ARGS = ['--import', '@app/tracing/register'] as const;
