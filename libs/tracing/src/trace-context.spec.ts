import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

import { currentTraceparent, runInTrace, traceLogFields } from './trace-context.js';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

// What NodeTracerProvider.register() installs, without a tracer: the helpers need only the API.
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
});
afterAll(() => {
  context.disable();
  propagation.disable();
});

describe(runInTrace.name, () => {
  it('continues the trace a stored traceparent names, also across awaits', async () => {
    const seen = await runInTrace(TRACEPARENT, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceparent();
    });

    expect(seen).toBe(TRACEPARENT);
  });

  it('runs outside any trace when there is no traceparent', () => {
    expect(runInTrace(null, () => currentTraceparent())).toBeUndefined();
  });

  it('ignores a malformed traceparent instead of failing the work', () => {
    expect(runInTrace('00-not-a-trace-01', () => currentTraceparent())).toBeUndefined();
  });
});

describe(traceLogFields.name, () => {
  it('names the active span and nothing outside a trace', () => {
    const inside = runInTrace(TRACEPARENT, () => traceLogFields());

    expect(inside).toEqual({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
    expect(traceLogFields()).toEqual({});
  });

  it('reads the span set on the active context', () => {
    const span = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 });

    const fields = context.with(trace.setSpan(context.active(), span), () => traceLogFields());

    expect(fields).toEqual({ trace_id: '1'.repeat(32), span_id: '2'.repeat(16) });
  });
});
