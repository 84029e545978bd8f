import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@app/config';

import { isTracingEnabled, TracingEnv } from './tracing.env.js';

const load = (env: Record<string, string>) => loadConfig({ tracing: TracingEnv }, env).tracing;

describe(TracingEnv.name, () => {
  it('is off by default', () => {
    expect(isTracingEnabled(load({}))).toBe(false);
  });

  it('is on with an OTLP endpoint, general or for traces only', () => {
    expect(isTracingEnabled(load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }))).toBe(true);
    expect(isTracingEnabled(load({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }))).toBe(true);
  });

  it('stays off when the SDK is disabled, whatever the endpoint', () => {
    const env = load({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' });

    expect(isTracingEnabled(env)).toBe(false);
  });

  it('names every bad variable: a non-URL endpoint, another protocol, a non-boolean switch', () => {
    const bad = () =>
      load({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_SDK_DISABLED: 'maybe',
      });

    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT.*OTEL_EXPORTER_OTLP_PROTOCOL.*OTEL_SDK_DISABLED/);
  });
});
