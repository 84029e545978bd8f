import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid from /proc/<pid>/stat (field 4; the command name in parentheses may hold spaces). */
export function parentPidFromStat(stat: string): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2);
  return Number(afterName.split(' ')[1]);
}

/** Every live descendant of `pid` (children, their children, ...), from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = parentPidFromStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process exited while we were reading: it is nobody's descendant any more.
      continue;
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift() as number) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to each pid that is still alive; returns the pids signalled. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): number[] {
  const hit: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
      hit.push(pid);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return hit;
}
