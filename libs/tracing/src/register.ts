// Preload: `node --import @app/tracing/register dist/main.js`. Without an OTLP endpoint it loads
// nothing more than the config check, so tracing off costs a request nothing.
import { loadConfig } from '@app/config';

import { isTracingEnabled, TracingEnv } from './tracing.env.js';

const { tracing } = loadConfig({ tracing: TracingEnv });
if (isTracingEnabled(tracing)) {
  const { startTracing } = await import('./tracer.js');
  await startTracing(tracing);
}
