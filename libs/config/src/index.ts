// Implicit conversion reads design:type metadata, which is only emitted once reflect-metadata is loaded.
import 'reflect-metadata';

export { ConfigError } from './config.error.js';
export { BooleanString, CommaSeparated } from './env.decorators.js';
export { HttpEnv, LOG_LEVELS } from './http.env.js';
export { type EnvSections, type LoadedConfig, loadConfig } from './load-config.js';
export { isPlaceholderSecret, isProduction } from './placeholder-secret.js';
