import http from 'node:http';
import https from 'node:https';

import { assertLoopback } from '@app/stack-client';

import { type SourceAddressPool } from './source-addresses.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface RequestOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * One request per connection, each from the next source address of the pool: setup traffic
 * (registrations, logins) goes through nginx's credential limits like the load does.
 * The stack's certificate is self-signed; only loopback is ever dialled.
 */
export class LoopbackClient {
  constructor(
    private readonly protocol: 'https:' | 'http:',
    private readonly host: string,
    private readonly port: number,
    private readonly sources?: SourceAddressPool,
  ) {
    assertLoopback(host, 'request target');
  }

  request(options: RequestOptions, timeoutMs = 15_000): Promise<HttpAnswer> {
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const transport = this.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        {
          host: this.host,
          port: this.port,
          method: options.method,
          path: options.path,
          headers,
          agent: false,
          localAddress: this.sources?.next(),
          rejectUnauthorized: false,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${options.method} ${options.path} timed out after ${timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The answer's JSON when its status is the expected one; otherwise an error naming both. */
  async json<T>(options: RequestOptions, expected: number): Promise<T> {
    const answer = await this.request(options);
    if (answer.status !== expected) {
      throw new Error(
        `${options.method} ${options.path} answered ${answer.status} (expected ${expected}): ${answer.body.slice(0, 200)}`,
      );
    }
    return JSON.parse(answer.body) as T;
  }
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
