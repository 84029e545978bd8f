export {
  captureLogs,
  createLogger,
  createRootLogger,
  type Logger,
  rootLogger,
  type RootLoggerOptions,
  setLogDestination,
} from './logger.js';
export { metrics } from './metrics.js';
export { censorSecrets, REDACT_CENSOR, SENSITIVE_KEYS } from './redaction.js';
export { MetricsController } from './metrics.controller.js';
export { ObservabilityModule, type ObservabilityOptions } from './observability.module.js';
export { currentRequestContext, currentRequestId, type RequestContext, runWithRequestId } from './request-context.js';
export { isValidRequestId, REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
