import { request } from 'undici';

import { PspOutcomeUnknownError, PspRejectedError, PspUnavailableError } from './psp.errors.js';

interface Init {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

// The wire: one undici request per call over keep-alive connections, the breaker's signal aborts
// it. undici's `request`, not `fetch`: fetch's WHATWG streams cost about a tenth of an instance's
// CPU per payment (docs/performance.md). Classifies what came back so the client can tell
// "nothing sent" from "sent, answer unknown".
export class PspHttp {
  constructor(private readonly baseUrl: string) {}

  post<T>(path: string, body: object, idempotencyKey: string, signal: AbortSignal): Promise<T> {
    return this.send<T>(path, signal, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
  }

  get<T>(path: string, signal: AbortSignal): Promise<T> {
    return this.send<T>(path, signal, { method: 'GET' });
  }

  private async send<T>(path: string, signal: AbortSignal, init: Init): Promise<T> {
    const url = new URL(path, this.baseUrl);
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await request(url, { ...init, signal });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (err) {
      throw classifyNetworkError(err, signal);
    }
    if (status >= 200 && status < 300) return parseAnswer<T>(text);
    if (status >= 500) {
      throw new PspOutcomeUnknownError(`The payment provider answered ${status}.`);
    }
    // Throttled: the provider did nothing and says so.
    if (status === 429) throw new PspUnavailableError(Number(retryAfter) > 0 ? Number(retryAfter) : 1);
    const { code, message } = providerError(text);
    throw new PspRejectedError(status, code, message);
  }
}

// A 2xx we cannot read may still have charged: as unknown as a timeout.
function parseAnswer<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new PspOutcomeUnknownError('The payment provider answered with an unreadable body.', {
      cause: err,
    });
  }
}

function classifyNetworkError(err: unknown, signal: AbortSignal): unknown {
  // Aborted by the breaker's timeout: the breaker already answered with its own error.
  if (signal.aborted) return signal.reason ?? err;
  // undici's request reports the socket's own code; fetch wrapped it in `cause`.
  const { code, cause } = err as { code?: unknown; cause?: { code?: unknown } };
  // No connection was made, so the provider cannot have acted on it.
  if (code === 'ECONNREFUSED' || cause?.code === 'ECONNREFUSED') return new PspUnavailableError(1, { cause: err });
  return new PspOutcomeUnknownError('The connection to the payment provider failed mid-request.', {
    cause: err,
  });
}

function providerError(text: string): { code: string; message: string } {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return {
      code: error?.code ?? 'unknown',
      message: error?.message ?? 'The payment provider refused the request.',
    };
  } catch (err) {
    return { code: 'unknown', message: `The payment provider refused the request (${(err as Error).name}).` };
  }
}
