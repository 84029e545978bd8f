import { type SignatureCheck } from './psp-signature.js';
import { type ReceiveResult } from './psp-webhooks.service.js';

/** The `result` label of webhook_inbound_total: one per way an inbound webhook can end. */
export type InboundResult =
  | ReceiveResult
  | Exclude<SignatureCheck, 'valid'>
  | 'unknown_type'
  | 'malformed'
  | 'oversized'
  | 'unsupported_media_type'
  | 'error';

/** For answers Fastify gives before our handler runs (body parser, body limit). */
export function resultForStatus(status: number): InboundResult {
  if (status === 413) return 'oversized';
  if (status === 415) return 'unsupported_media_type';
  if (status >= 400 && status < 500) return 'malformed';
  return 'error';
}
