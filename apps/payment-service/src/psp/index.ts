export { PspClient } from './psp.client.js';
export { PspEnv, type PspOptions, pspOptionsFromEnv } from './psp.env.js';
export { PspOutcomeUnknownError, PspRejectedError, PspUnavailableError } from './psp.errors.js';
export { PspModule } from './psp.module.js';
export { type ChargeRequest, type ChargeResult, type RefundRequest, type RefundResult } from './psp.types.js';
