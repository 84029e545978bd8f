export { DatabaseUnavailableError, toServiceUnavailable } from './database-unavailable.error.js';
export { DatabaseUnavailableInterceptor } from './database-unavailable.interceptor.js';
export { createHttpApp, startHttpApp } from './http-app.factory.js';
export { type HttpAppOptions } from './http-app.options.js';
