import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTROSPECTION_CLIENT } from './auth-harness.js';

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}

let address = 0;

/** A distinct loopback source address per call site, so per-IP throttling stays out of unrelated tests. */
export function freshIp(): string {
  address++;
  return `127.0.${Math.floor(address / 250) + 1}.${(address % 250) + 1}`;
}

export async function call(
  app: NestFastifyApplication,
  method: 'GET' | 'POST',
  url: string,
  opts: { body?: unknown; bearer?: string; headers?: Record<string, string>; ip?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.bearer) headers['authorization'] = `Bearer ${opts.bearer}`;
  const res = await app.inject({
    method,
    url,
    headers,
    remoteAddress: opts.ip ?? '127.0.0.1',
    ...(opts.body === undefined
      ? {}
      : typeof opts.body === 'string'
        ? { payload: opts.body }
        : { payload: opts.body as object }),
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
  };
}

export const basicAuth = (id = INTROSPECTION_CLIENT.id, secret = INTROSPECTION_CLIENT.secret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let counter = 0;
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}.${Date.now().toString(36)}.${++counter}@example.com`;
export const GOOD_PASSWORD = 'violet kettle orbit';

export async function registerAndLogin(app: NestFastifyApplication, email = uniqueEmail()) {
  const registered = await call(app, 'POST', '/auth/register', { body: { email, password: GOOD_PASSWORD } });
  if (registered.status !== 201) throw new Error(`register failed: ${JSON.stringify(registered.body)}`);
  const login = await call(app, 'POST', '/auth/login', {
    body: { email, password: GOOD_PASSWORD },
    ip: freshIp(),
  });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    email,
    user: registered.body,
    tokens: login.body as { access_token: string; refresh_token: string; expires_in: number },
  };
}
