import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime + cutime + cstime in clock ticks: the process and the children it has reaped. */
  ticksWithChildren: number;
}

/** /proc/<pid>/stat; the command name in parentheses may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error('not a /proc/<pid>/stat line');
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state) of proc(5): field n is fields[n - 3].
  const field = (n: number): number => Number(fields[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    ticksWithChildren: field(14) + field(15) + field(16) + field(17),
  };
}

/** VmRSS of /proc/<pid>/status in bytes; undefined for a process without one (a zombie). */
export function parseVmRssBytes(status: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** CPU ticks the whole machine spent busy (every CPU), from the first line of /proc/stat. */
export function parseBusyTicks(procStat: string): number {
  const [label, ...values] = procStat.split('\n')[0].trim().split(/\s+/);
  if (label !== 'cpu') throw new Error('/proc/stat does not start with the cpu line');
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  // idle and iowait are not work; guest time is already inside user.
  return user + nice + system + irq + softirq + (steal ?? 0);
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone: it exited between listing and reading
  }
}

export function readRssBytes(pid: number): number | undefined {
  try {
    return parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readBusyTicks(): number {
  return parseBusyTicks(readFileSync('/proc/stat', 'utf8'));
}

/** Every live process as pid → parent pid. */
export function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat) table.set(stat.pid, stat.ppid);
  }
  return table;
}

/** `roots` and all their live descendants. */
export function withDescendants(roots: readonly number[], table: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out = new Set<number>();
  const queue = roots.filter((pid) => table.has(pid));
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (out.has(pid)) continue;
    out.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...out];
}
