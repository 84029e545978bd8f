import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Source address on 127.0.0.0/8, so per-IP limits are exercised or avoided on purpose. */
  localAddress?: string;
  agent?: http.Agent | false;
  timeoutMs?: number;
}

/** A plain request through nginx (self-signed TLS accepted); transport errors reject. */
export function request({ method = 'GET', url, headers = {}, body, localAddress, agent = false, timeoutMs = 15_000 }: HttpRequest): Promise<HttpAnswer> {
  const target = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method,
        localAddress,
        agent,
        rejectUnauthorized: false,
        timeout: timeoutMs,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function json<T>(answer: HttpAnswer): T {
  return JSON.parse(answer.body) as T;
}
