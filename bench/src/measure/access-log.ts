import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export interface AccessLogSummary {
  /** Requests from the suite's own source addresses, as nginx saw them. */
  own: { requests: number; addresses: number; maxPerAddress: number; statuses: Record<string, number> };
  /** Everything else nginx answered meanwhile: the simulator's webhooks, other people's traffic. */
  others: { requests: number; statuses: Record<string, number>; rateLimited: Record<string, number> };
}

interface Entry {
  remote_addr?: string;
  status?: number;
  method?: string;
  uri?: string;
}

/**
 * Proves the load came from many addresses and counts what nginx refused, from its JSON access
 * log (nginx/nginx.conf.template `log_format json`). Query strings are cut from the rate-limited
 * routes so that one route is one line of the report.
 */
export function summariseAccessLog(
  lines: readonly string[],
  isOwn: (address: string) => boolean,
): AccessLogSummary {
  const perAddress = new Map<string, number>();
  const own = { requests: 0, addresses: 0, maxPerAddress: 0, statuses: {} as Record<string, number> };
  const others = {
    requests: 0,
    statuses: {} as Record<string, number>,
    rateLimited: {} as Record<string, number>,
  };
  for (const line of lines) {
    if (line.trim() === '') continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      continue; // a line cut at the window's edge
    }
    const address = entry.remote_addr ?? '';
    const status = String(entry.status ?? 0);
    if (isOwn(address)) {
      own.requests += 1;
      own.statuses[status] = (own.statuses[status] ?? 0) + 1;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      continue;
    }
    others.requests += 1;
    others.statuses[status] = (others.statuses[status] ?? 0) + 1;
    if (status === '429') {
      const route = `${address} ${entry.method ?? '?'} ${(entry.uri ?? '').split('?')[0]}`;
      others.rateLimited[route] = (others.rateLimited[route] ?? 0) + 1;
    }
  }
  own.addresses = perAddress.size;
  own.maxPerAddress = Math.max(0, ...perAddress.values());
  return { own, others };
}

/** The lines nginx appended to its access log between start() and read(). */
export class AccessLogWindow {
  private offset = 0;

  constructor(private readonly file: string) {}

  start(): void {
    this.offset = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  /** undefined when the log shrank meanwhile (rotated or truncated): the window cannot be read. */
  read(): string[] | undefined {
    if (!existsSync(this.file)) return undefined;
    const size = statSync(this.file).size;
    if (size < this.offset) return undefined;
    const buf = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    return buf.toString('utf8').split('\n');
  }
}
