export { freePort } from './ports.js';
export * from './otlp/index.js';
export * from './postgres/index.js';
export * from './process/index.js';
export * from './redis/index.js';
