/** Nest injection tokens for values that are not classes. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const AUTH_REDIS = Symbol('AUTH_REDIS');
