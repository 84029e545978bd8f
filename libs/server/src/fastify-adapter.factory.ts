import { requestIdFor } from '@app/observability';
import { FastifyAdapter } from '@nestjs/platform-fastify';

// nginx and HAProxy run on the same host: only loopback peers may set X-Forwarded-For.
const TRUSTED_PROXIES = 'loopback';

// A route schema rejects what the ValidationPipe rejects: an unknown field or a value of the wrong
// type is a 422 naming every failing field, not silently dropped or coerced (Fastify's defaults).
const SCHEMA_VALIDATION = { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true } as const;

export function createFastifyAdapter(bodyLimitBytes: number): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    trustProxy: TRUSTED_PROXIES,
    // The same id as the logs and the X-Request-Id response header (@app/observability decides it once per request).
    genReqId: requestIdFor,
    ajv: { customOptions: SCHEMA_VALIDATION },
  });
}
