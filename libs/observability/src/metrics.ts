import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Conventional names (no project prefix) so stock dashboards work; `service` comes as a default label.
const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  registry,
  httpRequestDuration: new Histogram<'method' | 'route' | 'status'>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  breakerState: new Gauge<'breaker'>({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state: 0 closed, 0.5 half-open, 1 open',
    labelNames: ['breaker'],
    registers: [registry],
  }),
  breakerEvents: new Counter<'breaker' | 'event'>({
    name: 'circuit_breaker_events_total',
    help: 'Circuit breaker events (success, failure, timeout, reject, open, close, half-open...)',
    labelNames: ['breaker', 'event'],
    registers: [registry],
  }),
  cacheRequests: new Counter<'cache' | 'result'>({
    name: 'cache_requests_total',
    help: 'Cache lookups by result: hit, miss or error',
    labelNames: ['cache', 'result'],
    registers: [registry],
  }),
};
