import { requestIdFor } from '@app/observability';
import { FastifyAdapter } from '@nestjs/platform-fastify';

// nginx and HAProxy run on the same host: only loopback peers may set X-Forwarded-For.
const TRUSTED_PROXIES = 'loopback';

export function createFastifyAdapter(bodyLimitBytes: number): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    trustProxy: TRUSTED_PROXIES,
    // The same id as the logs and the X-Request-Id response header (@app/observability decides it once per request).
    genReqId: requestIdFor,
  });
}
