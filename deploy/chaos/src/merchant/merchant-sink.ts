import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

/** What the merchants answer: their normal 2xx, an outage (503), or "this endpoint is retired" (410). */
export type MerchantAnswer = 'ok' | 'unavailable' | 'gone';

export interface MerchantSinkStats {
  /** Webhook ids received with a valid signature, each with how often it arrived (at least once delivery). */
  received: Map<string, number>;
  /** Deliveries refused because the merchant was told to fail, by answer. */
  refused: Record<Exclude<MerchantAnswer, 'ok'>, number>;
  /** Requests whose Standard Webhooks signature did not verify (or for an unknown endpoint). */
  badSignatures: number;
}

const STATUS: Record<MerchantAnswer, number> = { ok: 204, unavailable: 503, gone: 410 };

/**
 * The merchants of the chaos load: one HTTP server on loopback playing every virtual user's webhook
 * endpoint (`/hooks/<tag>`). It verifies each delivery with the `standardwebhooks` package, as a
 * merchant's code would, and counts every webhook id it accepted, so the checks can compare what
 * the outbox says it delivered with what actually arrived.
 */
export class MerchantSink {
  readonly stats: MerchantSinkStats = { received: new Map(), refused: { unavailable: 0, gone: 0 }, badSignatures: 0 };
  private readonly verifiers = new Map<string, Webhook>();
  private readonly answers = new Map<string, MerchantAnswer>();
  private answerForAll: MerchantAnswer = 'ok';

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(host = '127.0.0.1'): Promise<MerchantSink> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const sink = new MerchantSink(server, `http://${host}:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void sink.handle(req, res));
    return sink;
  }

  /** The URL a virtual user registers, and the secret the payment service answered with. */
  urlFor(tag: string): string {
    return `${this.baseUrl}${pathFor(tag)}`;
  }

  addEndpoint(tag: string, secret: string): void {
    this.verifiers.set(pathFor(tag), new Webhook(secret));
  }

  /** Every merchant answers `answer` from now on (one endpoint's own answer, if set, wins). */
  answerAll(answer: MerchantAnswer): void {
    this.answerForAll = answer;
  }

  answerFor(tag: string, answer: MerchantAnswer | undefined): void {
    if (answer === undefined) this.answers.delete(pathFor(tag));
    else this.answers.set(pathFor(tag), answer);
  }

  /** Webhook ids that arrived more than once (allowed: delivery is at least once, merchants dedupe by id). */
  get redelivered(): number {
    return [...this.stats.received.values()].filter((n) => n > 1).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    const verifier = req.method === 'POST' ? this.verifiers.get(path) : undefined;
    const id = headerOf(req, 'webhook-id');
    try {
      if (verifier === undefined || id === undefined) throw new Error('unknown endpoint');
      verifier.verify(Buffer.concat(chunks).toString('utf8'), {
        'webhook-id': id,
        'webhook-timestamp': headerOf(req, 'webhook-timestamp') ?? '',
        'webhook-signature': headerOf(req, 'webhook-signature') ?? '',
      });
    } catch {
      this.stats.badSignatures++;
      res.writeHead(400).end();
      return;
    }
    const answer = this.answers.get(path) ?? this.answerForAll;
    if (answer !== 'ok') {
      this.stats.refused[answer]++;
      res.writeHead(STATUS[answer]).end();
      return;
    }
    this.stats.received.set(id, (this.stats.received.get(id) ?? 0) + 1);
    res.writeHead(STATUS.ok).end();
  }
}

/** One virtual user's endpoint path on the sink. */
function pathFor(tag: string): string {
  return `/hooks/${encodeURIComponent(tag)}`;
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
