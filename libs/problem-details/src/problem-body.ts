import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export interface ProblemInput {
  status: number;
  /** Stable kebab-case code; omitted → `about:blank` (the status says it all, RFC 9457 §4.2.1). */
  code?: string;
  title?: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  extensions?: Record<string, unknown>;
}

/** An RFC 9457 body; also for code paths outside Nest (e.g. nginx-style or Fastify-level answers). */
export function problemBody(input: ProblemInput): ProblemBody {
  const body: ProblemBody = {
    type: input.code ? `urn:problem-type:${input.code}` : 'about:blank',
    title: input.title ?? statusTitle(input.status),
    status: input.status,
  };
  if (input.detail !== undefined) body.detail = input.detail;
  if (input.instance !== undefined) body.instance = input.instance;
  if (input.requestId !== undefined) body.request_id = input.requestId;
  // Extensions never overwrite the standard members.
  for (const [key, value] of Object.entries(input.extensions ?? {})) {
    if (!RESERVED_MEMBERS.has(key)) body[key] = value;
  }
  return body;
}

const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'request_id']);

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
