export { BreakerOpenError, BreakerTimeoutError } from './breaker.errors.js';
export { createBreaker } from './breaker.factory.js';
export { listBreakers } from './breaker.registry.js';
export { type Breaker, type BreakerOptions, type BreakerState } from './breaker.types.js';
export { isClientError } from './client-error.js';
export { backoffDelay, retry, type RetryOptions } from './retry.js';
