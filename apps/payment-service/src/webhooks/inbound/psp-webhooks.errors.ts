import { DomainError } from '@app/problem-details';

import { type InboundResult } from './inbound-result.js';

const DETAILS: Partial<Record<InboundResult, string>> = {
  unsigned: 'The Psp-Signature header is missing.',
  bad_signature: 'The Psp-Signature header does not match the body.',
  stale_timestamp: 'The signature timestamp is outside the tolerance window (too old).',
  future_timestamp: 'The signature timestamp is outside the tolerance window (in the future).',
  malformed: 'The body is not a provider event.',
};

/** 400 for every signature, timestamp and parse problem; the detail says which. */
export class InvalidPspWebhookError extends DomainError {
  readonly code = 'invalid-webhook';
  readonly title = 'Invalid webhook';
  readonly status = 400;

  constructor(readonly result: InboundResult) {
    super(DETAILS[result] ?? 'The webhook was refused.');
  }
}
