import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Answers nginx got from `upstream` (host:port) at or after `sinceMs` (epoch), from its JSON access
 * log lines (nginx/nginx.conf.template `log_format json`). Proves an instance rejoined the pool.
 */
export function countServedBy(lines: readonly string[], upstream: string, sinceMs: number): number {
  let n = 0;
  for (const line of lines) {
    if (!line.includes(upstream)) continue;
    try {
      const entry = JSON.parse(line) as { time?: string; upstream_addr?: string; upstream_status?: string };
      const statuses = (entry.upstream_status ?? '').split(/[,:]\s*/);
      const addrs = (entry.upstream_addr ?? '').split(/[,:]\s*(?=\d+\.)/);
      const i = addrs.findIndex((a) => a.trim() === upstream);
      if (i < 0 || Date.parse(entry.time ?? '') < Math.floor(sinceMs / 1000) * 1000) continue;
      if (Number(statuses[i]) < 500) n += 1;
    } catch {
      // A line cut by our tail read (the first one) is not an answer we can attribute.
      continue;
    }
  }
  return n;
}

/** The last `bytes` of a file, as lines. */
export function tailLines(file: string, bytes = 4 * 1024 * 1024): string[] {
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8').split('\n');
}
