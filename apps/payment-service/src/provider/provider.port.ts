// The one file that names the provider client module (psp/): payments and refunds depend on these
// names only, so the PSP module can change shape without touching them.
export { type ChargeResult, PspClient, PspRejectedError, PspUnavailableError } from '../psp/index.js';
