import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A hand-written stand-in for nginx + the services, just enough of the public API for the load generator:
 * it records who called, and answers the first attempt of every payment with 503 + Retry-After.
 */
export class FakeApi {
  readonly calls: { method: string; path: string; src: string; key?: string }[] = [];
  private readonly paymentsByKey = new Map<string, { id: string; amount: number; status: string }>();
  private readonly seenKeys = new Set<string>();
  private server!: http.Server;

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, res, chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {}));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>): void {
    const path = req.url ?? '';
    const key = req.headers['idempotency-key'] as string | undefined;
    this.calls.push({ method: req.method ?? '', path, src: req.socket.remoteAddress ?? '', key });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const sub = Buffer.from(JSON.stringify({ sub: `user-${req.socket.remoteAddress}` })).toString('base64url');
    if (path === '/auth/register') return send(201, { id: 'u', email: body.email });
    if (path === '/auth/login') return send(200, { access_token: `e30.${sub}.sig`, token_type: 'Bearer', expires_in: 900 });
    if (path === '/payments' && req.method === 'POST' && key !== undefined) {
      if (!this.seenKeys.has(key)) {
        this.seenKeys.add(key);
        return send(503, { type: 'urn:problem-type:service-unavailable', status: 503 }, { 'retry-after': '1' });
      }
      const p = this.paymentsByKey.get(key) ?? { id: randomUUID(), amount: Number(body.amount), status: 'succeeded' };
      this.paymentsByKey.set(key, p);
      return send(201, { ...p, object: 'payment' });
    }
    const own = [...this.paymentsByKey.values()].find((p) => path === `/payments/${p.id}`);
    if (own !== undefined) return send(200, own);
    if (path.startsWith('/payments?')) return send(200, { data: [], has_more: false });
    if (path === '/auth/me') return send(200, { id: 'u' });
    if (/^\/payments\/[^/]+\/refunds$/.test(path)) return send(201, { id: randomUUID(), amount: body.amount });
    return send(404, { type: 'urn:problem-type:not-found', status: 404 });
  }
}
