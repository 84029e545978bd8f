import { metrics } from '@app/observability';
import { Counter } from 'prom-client';

export type ValidationPath = 'syntax' | 'cache' | 'introspection' | 'jwks';
export type ValidationResult = 'valid' | 'invalid' | 'revoked' | 'unavailable';

/** Which path served each token check: how often we run on the JWKS fallback is an SLO input. */
export const tokenValidations = new Counter<'path' | 'result'>({
  name: 'token_validation_total',
  help: 'Access-token validations by the path that decided (cache, introspection, jwks, syntax) and result',
  labelNames: ['path', 'result'],
  registers: [metrics.registry],
});
