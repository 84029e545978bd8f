export { createHttpApp, startHttpApp } from './http-app.factory.js';
export { type HttpAppOptions } from './http-app.options.js';
