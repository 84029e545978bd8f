import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** ms since epoch, when the request arrived. */
  at: number;
}

/** What the next request gets: a status, or no answer until `release()` (a hung endpoint). */
export type ReceiverMode = { status: number } | { hang: true };

/**
 * A merchant's webhook endpoint on a loopback port: records every request with its exact headers
 * and body, and answers whatever the test set (down, gone, hung, fine).
 */
export class WebhooksReceiver {
  readonly received: ReceivedWebhook[] = [];
  private mode: ReceiverMode = { status: 200 };
  private readonly hung = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhooksReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhooksReceiver(server, `http://127.0.0.1:${port}/hooks`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => receiver.answer(req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    return receiver;
  }

  answerWith(mode: ReceiverMode): void {
    this.mode = mode;
  }

  /** Requests for one outbox event (its `webhook-id`). */
  for(webhookId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.headers['webhook-id'] === webhookId);
  }

  /** Answers every hung request (the client may long have gone). */
  release(status = 200): void {
    for (const res of this.hung) res.writeHead(status).end();
    this.hung.clear();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private answer(headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    this.received.push({ headers, body, at: Date.now() });
    if ('hang' in this.mode) {
      this.hung.add(res);
      return;
    }
    res.writeHead(this.mode.status).end();
  }
}
