import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/** The active span's W3C `traceparent`, or undefined when nothing is traced (tracing off). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/** Runs `fn` as a continuation of the trace `traceparent` names (as is when there is none). */
export function runInTrace<T>(traceparent: string | null | undefined, fn: () => T): T {
  if (!traceparent) return fn();
  return context.with(propagation.extract(ROOT_CONTEXT, { traceparent }), fn);
}

/** `trace_id` and `span_id` of the active span, for log lines; empty when nothing is traced. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
