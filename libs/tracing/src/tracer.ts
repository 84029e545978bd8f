import { register } from 'node:module';

import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createAddHookMessageChannel } from 'import-in-the-middle';

import { type TracingEnv } from './tracing.env.js';

// Probes and scrapes would be most of the spans and tell nothing about a request.
const UNTRACED_PATHS = /^\/(health|metrics|nginx\/health)(\/|$)/;

/**
 * Starts the SDK: W3C trace context in and out, spans batched to OTLP over http/protobuf (the
 * exporter reads its OTEL_EXPORTER_OTLP_* variables itself). Must run before the app imports what
 * it instruments, so it is loaded with `node --import @app/tracing/register`.
 */
export async function startTracing(env: TracingEnv): Promise<NodeTracerProvider> {
  // ESM imports are patched by import-in-the-middle's loader hook; the message channel limits it to
  // the modules an instrumentation asked for, instead of wrapping every module the app loads.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
      }),
      // A request span and a handler span named after the Nest controller method; no span per
      // lifecycle hook (a dozen per request here). @opentelemetry/instrumentation-nestjs-core
      // supports Nest < 12 only.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: (route) => UNTRACED_PATHS.test(route.url),
      }),
      new UndiciInstrumentation(),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  await waitForAllMessagesAcknowledged();

  // The graceful drain (SHUTDOWN_DRAIN_MS) leaves time for the last batch to go out.
  process.once('SIGTERM', () => void provider.shutdown());
  return provider;
}
