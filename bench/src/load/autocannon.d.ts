// The part of autocannon 9.0.0 (CommonJS, no published types) this suite uses. `Client` members
// prefixed with `_` are internals; load/connection-policy.ts checks they exist before relying on them.
declare module 'autocannon' {
  import { type EventEmitter } from 'node:events';
  import { type ConnectionOptions, type TLSSocket } from 'node:tls';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request | null | undefined;
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
    }

    interface RequestIterator {
      setRequests(requests: Request[]): void;
    }

    interface Client extends EventEmitter {
      // tls.connect also takes net.connect's socket options, localAddress among them.
      opts: { tlsOptions?: ConnectionOptions & { localAddress?: string }; hostname: string; port: number };
      conn: TLSSocket;
      destroyed: boolean;
      requestIterator: RequestIterator;
      _connect(): void;
      _doRequest(): void;
      _destroyConnection(): void;
    }

    interface Options {
      url: string | string[];
      connections?: number;
      duration?: number;
      timeout?: number;
      pipelining?: number;
      requests?: Request[];
      headers?: Record<string, string>;
      setupClient?: (client: Client) => void;
      tlsOptions?: ConnectionOptions;
    }

    interface Histogram {
      mean: number;
      max: number;
      p50: number;
      p99: number;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { total: number; sent: number };
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
