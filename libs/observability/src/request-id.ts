import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Long enough to be unique, short and plain enough to be safe in logs and headers.
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && VALID_REQUEST_ID.test(value);
}

const assigned = new WeakMap<IncomingMessage, string>();

/**
 * The request id of `req`: its valid `X-Request-Id` or a fresh uuid, decided once per request.
 * Fastify (`genReqId`), pino-http and the hooks all ask this, in whatever order they run.
 */
export function requestIdFor(req: IncomingMessage): string {
  const known = assigned.get(req);
  if (known) return known;
  const header = req.headers[REQUEST_ID_HEADER];
  const id = isValidRequestId(header) ? header : randomUUID();
  assigned.set(req, id);
  return id;
}
