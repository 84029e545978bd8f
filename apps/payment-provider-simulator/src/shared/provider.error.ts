import { HttpException } from '@nestjs/common';

// The simulator plays an external processor, so its errors use a processor's envelope
// (Stripe-like `{error: {type, code, message}}`), not our problem+json.
export type ProviderErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

export class ProviderError extends HttpException {
  constructor(
    status: number,
    readonly type: ProviderErrorType,
    readonly code: string,
    message: string,
  ) {
    super({ error: { type, code, message } }, status);
  }
}
