export { DatabaseUnavailableError, toServiceUnavailable } from './database-unavailable.error.js';
export { createHttpApp, startHttpApp } from './http-app.factory.js';
export { type HttpAppOptions } from './http-app.options.js';
export { ServiceProblemFilter } from './service-problem.filter.js';
