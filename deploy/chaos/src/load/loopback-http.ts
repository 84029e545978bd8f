import http from 'node:http';
import https from 'node:https';

import { assertLoopback } from '@app/stack-client';

export interface HttpTarget {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
}

export interface HttpAnswer {
  /** 0 when no answer came. */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  error?: string;
  latencyMs: number;
}

/**
 * HTTP from one loopback source address through a keep-alive agent of its own, so every virtual
 * user is a distinct client IP for nginx. Self-signed TLS is accepted: the target is loopback only.
 */
export class LoopbackHttp {
  private readonly agent: http.Agent;

  constructor(
    private readonly target: HttpTarget,
    readonly localAddress: string,
    private readonly timeoutMs = 20_000,
  ) {
    assertLoopback(target.host, 'target');
    assertLoopback(localAddress, 'source address');
    const options = { keepAlive: true, maxSockets: 2 };
    this.agent = target.protocol === 'https:' ? new https.Agent({ ...options, rejectUnauthorized: false }) : new http.Agent(options);
  }

  send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    const lib = this.target.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const done = (answer: Omit<HttpAnswer, 'latencyMs'>): void => resolve({ ...answer, latencyMs: performance.now() - started });
      const req = lib.request(
        {
          host: this.target.host,
          port: this.target.port,
          method,
          path,
          localAddress: this.localAddress,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => done({ status: 0, headers: {}, body: undefined, error: err.message }));
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => done({ status: 0, headers: {}, body: undefined, error: err.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
