#!/usr/bin/env node
// Payment-service throughput against its own ceiling: payment creates/s and authenticated reads/s
// through HTTP (autocannon), and the same SQL transactions straight into the same database
// (pgbench). Targets a running service; starts nothing, leaves only its own rows deleted.
//
//   BENCH_URL=http://127.0.0.1:3002 BENCH_TOKEN=<access token> BENCH_DB_URL=postgres://… \
//     node bench/payment/payment.bench.mjs
//
// Env: BENCH_URL (required), BENCH_TOKEN or BENCH_AUTH_URL (registers a throwaway user and logs in),
// BENCH_DB_URL (the service's writer URL; without it the pgbench ceiling is skipped),
// BENCH_DURATION_S (10), BENCH_CONNECTIONS (10), PGBENCH (path; default /usr/lib/postgresql/*/bin/pgbench).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import pg from 'pg';

const env = process.env;
const baseUrl = required('BENCH_URL').replace(/\/$/, '');
const durationS = Number(env.BENCH_DURATION_S ?? 10);
const connections = Number(env.BENCH_CONNECTIONS ?? 10);
const BENCH_USER = 'bench-pgbench';

// The create path's two transactions (claim + insert processing; settle + complete the key),
// statement for statement, minus the provider call between them.
const CREATE_TRANSACTIONS = `
\\set amount random(1, 99999999)
BEGIN;
INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at)
  VALUES ('${BENCH_USER}', gen_random_uuid()::text, 'bench', 'in_flight', gen_random_uuid(), now())
  ON CONFLICT (user_id, key) DO UPDATE SET lock_token = EXCLUDED.lock_token, locked_at = now()
    WHERE idempotency_keys.status = 'in_flight' AND idempotency_keys.locked_at < now() - interval '60 seconds'
  RETURNING key AS k, (xmax = 0) AS inserted \\gset
INSERT INTO payments (id, user_id, idempotency_key, amount, currency, status, payment_method, metadata, created_at, updated_at)
  VALUES (gen_random_uuid(), '${BENCH_USER}', :k, :amount, 'eur', 'processing', 'pm_card_ok', '{}', now(), now())
  RETURNING id AS pid \\gset
UPDATE idempotency_keys SET resource_id = :pid WHERE user_id = '${BENCH_USER}' AND key = :k AND status = 'in_flight';
SELECT * FROM payments WHERE id = :pid AND user_id = '${BENCH_USER}';
COMMIT;
BEGIN;
SELECT * FROM payments WHERE id = :pid AND user_id = '${BENCH_USER}' FOR UPDATE;
UPDATE payments SET status = 'succeeded', provider_charge_id = 'ch_bench', updated_at = now() WHERE id = :pid;
SELECT * FROM payments WHERE id = :pid;
UPDATE idempotency_keys SET status = 'completed', response_status = 201, response_body = '{}'::jsonb, completed_at = now()
  WHERE user_id = '${BENCH_USER}' AND key = :k AND status = 'in_flight';
COMMIT;
`;

const READ_TRANSACTION = `
SELECT * FROM payments WHERE id = :id;
`;

const token = env.BENCH_TOKEN ?? (await tokenFromAuth(required('BENCH_AUTH_URL')));
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const paymentBody = JSON.stringify({ amount: 1000, currency: 'eur', payment_method: 'pm_card_ok' });

const sample = await fetch(`${baseUrl}/payments`, {
  method: 'POST',
  headers: { ...auth, 'idempotency-key': randomUUID() },
  body: paymentBody,
});
if (sample.status !== 201) throw new Error(`POST /payments answered ${sample.status}: ${await sample.text()}`);
const samplePayment = await sample.json();

const rows = [];
rows.push(
  await http('payment creates', {
    method: 'POST',
    path: '/payments',
    headers: auth,
    body: paymentBody,
    // A new key per request: every request is a real payment, not a replay.
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
  }),
);
rows.push(await http('payment reads', { method: 'GET', path: `/payments/${samplePayment.id}`, headers: auth }));

if (env.BENCH_DB_URL) {
  const createSql = rows[0];
  const readSql = rows[1];
  createSql.ceiling = pgbench('create', CREATE_TRANSACTIONS, {});
  readSql.ceiling = pgbench('read', READ_TRANSACTION, { id: samplePayment.id, user: BENCH_USER });
  await cleanUp(env.BENCH_DB_URL);
}
printTable(rows);

async function http(name, request) {
  const result = await autocannon({ url: baseUrl, connections, duration: durationS, requests: [request] });
  const ok = result['2xx'];
  return {
    name,
    rps: ok / durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

function pgbench(name, script, vars) {
  const bin = env.PGBENCH ?? findPgbench();
  const dir = mkdtempSync(join(tmpdir(), 'payment-bench-'));
  try {
    const file = join(dir, `${name}.sql`);
    writeFileSync(file, script);
    const defines = Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
    const out = execFileSync(
      bin,
      ['-n', '-M', 'prepared', '-c', String(connections), '-j', '2', '-T', String(durationS), '-r', ...defines, '-f', file, env.BENCH_DB_URL],
      { encoding: 'utf8' },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
    return { tps, latency };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function findPgbench() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = join(root, v, 'bin', 'pgbench');
    if (existsSync(bin)) return bin;
  }
  throw new Error('pgbench not found: apt-get install postgresql-contrib (or set PGBENCH)');
}

async function cleanUp(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DELETE FROM idempotency_keys WHERE user_id = $1', [BENCH_USER]);
    await client.query('DELETE FROM payments WHERE user_id = $1', [BENCH_USER]);
  } finally {
    await client.end();
  }
}

async function tokenFromAuth(authUrl) {
  const credentials = { email: `bench-${randomUUID()}@example.com`, password: `Bench-${randomUUID()}` };
  const post = (path) =>
    fetch(`${authUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  const registered = await post('/auth/register');
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const login = await post('/auth/login');
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return (await login.json()).access_token;
}

function printTable(results) {
  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  console.log(`\npayment-service benchmark: ${connections} connections, ${durationS} s each, ${baseUrl}\n`);
  console.log('| workload | HTTP ok/s | p50 ms | p99 ms | errors | SQL-only tps (pgbench) | HTTP / SQL |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const ratio = r.ceiling ? `${fmt((100 * r.rps) / r.ceiling.tps, 1)} %` : '–';
    console.log(
      `| ${r.name} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} | ${r.ceiling ? fmt(r.ceiling.tps) : '–'} | ${ratio} |`,
    );
  }
  console.log('\nSQL-only runs the statements of the same transactions (claim, settle / read by id) without HTTP, auth or the provider.');
}

function required(name) {
  const value = env[name];
  if (!value) throw new Error(`${name} is required (see the header of this file)`);
  return value;
}
