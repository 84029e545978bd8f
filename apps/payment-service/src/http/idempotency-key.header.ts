import { applyDecorators } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';

/** OpenAPI for the IETF Idempotency-Key contract shared by every idempotent POST. */
export function ApiIdempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'Up to 255 printable characters (bare or RFC 8941 quoted); scoped to the user; kept ≥ 24 h',
    }),
    ApiResponse({ status: 400, description: 'Idempotency-Key missing or invalid' }),
    ApiConflictResponse({ description: 'A request with this key is still in flight (Retry-After), or a refund conflict' }),
    ApiUnprocessableEntityResponse({ description: 'Validation failed, or the key was used with a different request' }),
    ApiResponse({ status: 503, description: 'Provider unavailable before anything was sent (Retry-After)' }),
  );
}
