import { type Answer } from '../idempotency/idempotency.types.js';

// The slice of Fastify's reply used here (fastify is not a direct dependency).
export interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(payload: unknown): unknown;
}

export interface RequestLike {
  method: string;
  url: string;
  body?: unknown;
}

/**
 * Sends an idempotent answer with its own status: a replay repeats the first answer's status,
 * content type and body bytes (an error included) and says so in `Idempotent-Replayed`.
 */
export function sendAnswer(reply: ReplyLike, answer: Answer): void {
  reply.status(answer.status);
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  reply.header('content-type', answer.contentType);
  // A string with its content type set goes out as it is: no second serialization.
  reply.send(answer.body);
}

/** The path without its query string: what the fingerprint covers. */
export function pathOf(url: string): string {
  return url.split('?', 1)[0];
}
