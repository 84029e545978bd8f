/** One row of `./stack status --json` (deploy/local/lib/status.mjs). */
export interface StackProcess {
  name: string;
  service: string;
  kind: string;
  role: string | null;
  pid: number | null;
  state: string;
  health: string;
  restarts: number;
  ports: Record<string, string | number>;
  detail?: { postmaster_pid?: number };
  error?: string;
}

export function parseStackStatus(json: string): StackProcess[] {
  const rows = JSON.parse(json) as unknown;
  if (!Array.isArray(rows)) throw new Error('./stack status --json did not print a list');
  for (const r of rows as Record<string, unknown>[]) {
    if (typeof r.name !== 'string' || typeof r.kind !== 'string')
      throw new Error('./stack status row without name/kind');
  }
  return rows as StackProcess[];
}

export function byName(rows: readonly StackProcess[], name: string): StackProcess {
  const row = rows.find((r) => r.name === name);
  if (row === undefined) throw new Error(`no process named ${name} in the stack status`);
  return row;
}

/** The one process of `kind` holding `role` (Patroni leader, Redis master); throws unless exactly one. */
export function withRole(rows: readonly StackProcess[], kind: string, role: string): StackProcess {
  const found = rows.filter((r) => r.kind === kind && r.role === role);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind} with role ${role}, found ${found.length} (${found.map((r) => r.name).join(', ') || 'none'})`,
    );
  }
  return found[0];
}

export function instancesOf(rows: readonly StackProcess[], service: string): StackProcess[] {
  return rows.filter((r) => r.service === service);
}

export function unhealthy(rows: readonly StackProcess[]): StackProcess[] {
  return rows.filter((r) => r.health !== 'ok');
}

export function pidOf(row: StackProcess): number {
  if (row.pid === null || row.pid <= 0) throw new Error(`${row.name} has no pid (state ${row.state})`);
  return row.pid;
}
