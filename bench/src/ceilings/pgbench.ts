import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { assertLoopback } from '@app/stack-client';

const run = promisify(execFile);

export interface DatabaseLogin {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface PgbenchResult {
  script: string;
  clients: number;
  threads: number;
  seconds: number;
  transactions: number;
  failed: number;
  tps: number;
  latencyAvgMs: number;
}

/** The figures of pgbench's closing report (PostgreSQL 15 wording). */
export function parsePgbenchOutput(
  out: string,
): Pick<PgbenchResult, 'transactions' | 'failed' | 'tps' | 'latencyAvgMs'> {
  const number = (re: RegExp, what: string): number => {
    const m = re.exec(out);
    if (!m) throw new Error(`pgbench printed no ${what}: ${out.slice(-300)}`);
    return Number(m[1]);
  };
  return {
    transactions: number(/number of transactions actually processed: (\d+)/, 'transaction count'),
    failed: /number of failed transactions: (\d+)/.test(out)
      ? number(/number of failed transactions: (\d+)/, 'failure count')
      : 0,
    tps: number(/^tps = ([\d.]+)/m, 'tps'),
    latencyAvgMs: number(/latency average = ([\d.]+) ms/, 'latency'),
  };
}

/** The newest PostgreSQL's pgbench (the Debian wrapper in /usr/bin needs a local cluster to pick one). */
export function findPgbench(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(root, v, 'bin', 'pgbench');
    if (existsSync(bin)) return bin;
  }
  throw new Error(
    'pgbench not found in /usr/lib/postgresql/*/bin (Debian package postgresql-contrib / postgresql-15)',
  );
}

export interface PgbenchPlan {
  login: DatabaseLogin;
  script: string;
  clients: number;
  seconds: number;
  variables: Record<string, string>;
}

/** One pgbench run of a custom script; the password goes through PGPASSWORD, never the command line. */
export async function runPgbench(plan: PgbenchPlan): Promise<PgbenchResult> {
  assertLoopback(plan.login.host, 'database');
  const threads = Math.max(1, Math.min(plan.clients, availableParallelism()));
  const defines = Object.entries(plan.variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  const { stdout } = await run(
    findPgbench(),
    [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(plan.clients),
      '-j',
      String(threads),
      '-T',
      String(plan.seconds),
      ...defines,
      '-f',
      plan.script,
      '-h',
      plan.login.host,
      '-p',
      String(plan.login.port),
      '-U',
      plan.login.user,
      plan.login.database,
    ],
    {
      env: { ...process.env, PGPASSWORD: plan.login.password, PGCONNECT_TIMEOUT: '5' },
      timeout: (plan.seconds + 60) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return {
    script: plan.script,
    clients: plan.clients,
    threads,
    seconds: plan.seconds,
    ...parsePgbenchOutput(stdout),
  };
}
