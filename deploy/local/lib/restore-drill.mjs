// ./stack restore-drill (docs/adr/0013): restores the latest backup (+ all archived WAL) and then a
// named point in time into a plain, throwaway Postgres on free loopback ports — never Patroni, never
// the stack's own data — and compares it with the live cluster: backup manifest checksum and
// `pgbackrest verify`, row counts of every table at the point in time, a sample of payments and
// refunds row by row. Prints the RPO and RTO it achieved and writes the stayup_restore_drill_* gauges.
// Run by deploy/local/lib/backup.sh with the stack's ports, secrets and paths in the environment.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

const env = process.env;
const DATABASES = ['auth', 'payment'];
const SAMPLE = 25;
const scratch = path.join(env.STACK_DIR, 'restore-drill');
const pgbackrest = (...args) =>
  execFileSync(env.AS_POSTGRES, ['pgbackrest', `--config=${env.PGBACKREST_CONF}`, `--stanza=${env.STANZA}`, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const asPostgres = (...args) => execFileSync(env.AS_POSTGRES, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const say = (line) => process.stdout.write(`    ${line}\n`);
const seconds = (fromMs) => (Date.now() - fromMs) / 1000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function client(port, database) {
  return new pg.Client({ host: '127.0.0.1', port, database, user: 'postgres', password: env.PG_SUPERUSER_PASSWORD, connectionTimeoutMillis: 5000 });
}

async function withClient(port, database, fn) {
  const c = client(port, database);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const live = (database, fn) => withClient(Number(env.HAPROXY_WRITER_PORT), database, fn);

// ------------------------------------------------------------------ what is compared

const TABLES_SQL = `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;

async function tableCounts(c) {
  const { rows } = await c.query(TABLES_SQL);
  const counts = {};
  for (const { name } of rows) counts[name] = Number((await c.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
  return counts;
}

// Count and newest creation time of the payments up to a moment (text, to keep Postgres' microseconds).
const NEWEST_PAYMENTS_SQL = `SELECT count(*)::int AS n, max(created_at)::text AS newest, extract(epoch FROM max(created_at))::float8 AS newest_epoch
  FROM payments WHERE $1::timestamptz IS NULL OR created_at <= $1::timestamptz`;

// Columns that never change after insert: a later status change on the live side is not a mismatch.
const IMMUTABLE = {
  payments: 'id, user_id, idempotency_key, amount, currency, payment_method, created_at',
  refunds: 'id, payment_id, user_id, idempotency_key, amount, currency, created_at',
};

/** md5 of the given columns (`t.*` for every column) of the rows with these ids, by id. */
async function rowDigests(c, table, columns, ids) {
  const { rows } = await c.query(`SELECT t.id, md5(row(${columns})::text) AS digest FROM ${table} t WHERE t.id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.digest]));
}

async function sampleIds(c, table) {
  return (await c.query(`SELECT id FROM ${table} ORDER BY random() LIMIT ${SAMPLE}`)).rows.map((r) => r.id);
}

function compareDigests(expected, actual) {
  return Object.keys(expected).filter((id) => expected[id] !== actual[id]);
}

// ------------------------------------------------------------------ scratch Postgres

function restoreInto(dataDir, extra) {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.getuid() === 0) execFileSync('chown', ['-R', 'postgres:postgres', scratch]);
  // --archive-mode=off: the scratch cluster must never push its own timeline into the stack's repository.
  pgbackrest(`--pg1-path=${dataDir}`, '--archive-mode=off', `--recovery-option=restore_command=pgbackrest --config=${env.PGBACKREST_CONF} --stanza=${env.STANZA} --pg1-path=${dataDir} archive-get %f "%p"`, ...extra, 'restore');
}

async function startScratch(dataDir, port) {
  const options = [
    // The backup's postgresql.conf names the paths of the node it came from: the scratch cluster uses its own.
    `-c port=${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${scratch}`,
    `-c hba_file=${dataDir}/pg_hba.conf`, `-c ident_file=${dataDir}/pg_ident.conf`,
    '-c archive_mode=off', "-c synchronous_standby_names=''", '-c hot_standby=on',
  ].join(' ');
  asPostgres(`${env.PG_BIN}/pg_ctl`, '-D', dataDir, '-l', path.join(scratch, 'postgres.log'), '-o', options, '-w', '-t', '600', 'start');
  // Recovery ends with a promotion; the drill compares only the finished cluster.
  const deadline = Date.now() + 600_000;
  for (;;) {
    const inRecovery = await withClient(port, 'postgres', async (c) => (await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).catch(() => true);
    if (!inRecovery) return;
    if (Date.now() > deadline) throw new Error('the restored cluster did not finish recovery in 600 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopScratch(dataDir) {
  try {
    asPostgres(`${env.PG_BIN}/pg_ctl`, '-D', dataDir, '-m', 'immediate', '-w', 'stop');
  } catch {
    // not running
  }
  rmSync(scratch, { recursive: true, force: true });
}

// ------------------------------------------------------------------ the drill

function verifyBackup() {
  const checks = [];
  const label = JSON.parse(pgbackrest('info', '--output=json'))[0].backup.at(-1)?.label;
  if (!label) throw new Error('there is no backup yet: run ./stack backup first');
  const sumFile = path.join(env.BACKUP_DIR, 'checksums', `${label}.sha256`);
  try {
    execFileSync('sha256sum', ['--check', '--quiet', sumFile], { cwd: path.join(env.BACKUP_DIR, 'repo/backup', env.STANZA), stdio: 'pipe' });
    checks.push({ what: `manifest checksum of ${label}`, ok: true });
  } catch (err) {
    checks.push({ what: `manifest checksum of ${label}`, ok: false, detail: String(err.stderr ?? err.message).trim() });
  }
  try {
    pgbackrest('verify');
    checks.push({ what: 'pgbackrest verify (every file of every backup and archived WAL segment)', ok: true });
  } catch (err) {
    checks.push({ what: 'pgbackrest verify', ok: false, detail: String(err.stdout ?? '').trim() + String(err.stderr ?? '').trim() });
  }
  return { label, checks };
}

/** Latest backup + every archived WAL: what a disaster at T0 would leave. Measures RPO and RTO. */
async function latestRestore(port) {
  const checks = [];
  const t0 = new Date();
  const before = await live('payment', async (c) => ({
    payments: (await c.query(NEWEST_PAYMENTS_SQL, [null])).rows[0],
    ids: { payments: await sampleIds(c, 'payments'), refunds: await sampleIds(c, 'refunds') },
  }));
  const dataDir = path.join(scratch, 'data');
  const started = Date.now();
  restoreInto(dataDir, []);
  await startScratch(dataDir, port);
  const rto = seconds(started);
  const restored = await withClient(port, 'payment', async (c) => {
    return {
      payments: (await c.query(NEWEST_PAYMENTS_SQL, [before.payments.newest ?? t0.toISOString()])).rows[0],
      digests: {
        payments: await rowDigests(c, 'payments', IMMUTABLE.payments, before.ids.payments),
        refunds: await rowDigests(c, 'refunds', IMMUTABLE.refunds, before.ids.refunds),
      },
    };
  });
  const missing = before.payments.n - restored.payments.n;
  // RPO: how much older the newest restored payment is than the newest live one at T0 (0 when none is missing).
  const rpo = missing === 0 ? 0 : before.payments.newest_epoch - (restored.payments.newest_epoch ?? -Infinity);
  checks.push({ what: `payments restored: ${restored.payments.n} of ${before.payments.n} live at T0`, ok: true, informational: true });
  for (const table of ['payments', 'refunds']) {
    const expected = await live('payment', (c) => rowDigests(c, table, IMMUTABLE[table], before.ids[table]));
    const present = Object.fromEntries(Object.entries(expected).filter(([id]) => id in restored.digests[table]));
    const bad = compareDigests(present, restored.digests[table]);
    checks.push({ what: `sample of ${Object.keys(present).length} ${table} equal to the live rows`, ok: bad.length === 0, detail: bad.join(', ') });
  }
  stopScratch(dataDir);
  return { rpo, rto, missing, checks };
}

const LOCK_ATTEMPTS = 200;
/**
 * SHARE-locks every table of every session's database. A short lock_timeout (below deadlock_timeout)
 * means the drill gives up and retries rather than ever making a service transaction wait long or
 * lose a deadlock to it.
 */
async function lockAllTables(sessions) {
  for (let attempt = 1; ; attempt++) {
    try {
      for (const c of sessions) {
        await c.query("BEGIN; SET LOCAL lock_timeout = '100ms'");
        const { rows: tables } = await c.query(TABLES_SQL);
        if (tables.length) await c.query(`LOCK TABLE ${tables.map((t) => t.name).join(', ')} IN SHARE MODE`);
      }
      return attempt;
    } catch (err) {
      for (const c of sessions) await c.query('ROLLBACK').catch(() => undefined);
      if (!['55P03', '40P01'].includes(err.code) || attempt >= LOCK_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

/**
 * A named restore point taken while every table of both databases is locked against writes (SHARE
 * locks, held for the few milliseconds of counting), so the live counts and rows are exactly those
 * at the restore point; then the point in time is restored and compared table by table.
 */
async function pointInTimeRestore(port) {
  const checks = [];
  const name = `drill-${randomUUID()}`;
  const sessions = Object.fromEntries(DATABASES.map((db) => [db, client(Number(env.HAPROXY_WRITER_PORT), db)]));
  const expected = {};
  let rows;
  try {
    for (const c of Object.values(sessions)) await c.connect();
    await lockAllTables(Object.values(sessions));
    await sessions.payment.query('SELECT pg_create_restore_point($1)', [name]);
    for (const db of DATABASES) expected[db] = await tableCounts(sessions[db]);
    const ids = { payments: await sampleIds(sessions.payment, 'payments'), refunds: await sampleIds(sessions.payment, 'refunds') };
    rows = {
      ids,
      payments: await rowDigests(sessions.payment, 'payments', 't.*', ids.payments),
      refunds: await rowDigests(sessions.payment, 'refunds', 't.*', ids.refunds),
    };
  } finally {
    for (const c of Object.values(sessions)) await c.query('COMMIT').catch(() => undefined).finally(() => c.end());
  }
  // Switch to a new segment and wait until the one holding the restore point is archived.
  pgbackrest(...env.LEADER_PG_OPTIONS.split(' '), 'check');
  const dataDir = path.join(scratch, 'data');
  const started = Date.now();
  restoreInto(dataDir, ['--type=name', `--target=${name}`, '--target-action=promote']);
  await startScratch(dataDir, port);
  const rto = seconds(started);
  for (const db of DATABASES) {
    const actual = await withClient(port, db, tableCounts);
    const tables = Object.keys(expected[db]);
    const bad = tables.filter((t) => actual[t] !== expected[db][t]).map((t) => `${t}: ${actual[t]} restored, ${expected[db][t]} live`);
    checks.push({ what: `${db}: row counts of ${tables.length} tables equal at the restore point`, ok: bad.length === 0 && tables.length > 0, detail: bad.join('; ') });
  }
  await withClient(port, 'payment', async (c) => {
    for (const table of ['payments', 'refunds']) {
      const actual = await rowDigests(c, table, 't.*', rows.ids[table]);
      const bad = compareDigests(rows[table], actual);
      checks.push({ what: `${rows.ids[table].length} sampled ${table} equal, every column`, ok: bad.length === 0, detail: bad.join(', ') });
    }
  });
  stopScratch(dataDir);
  return { name, rto, checks };
}

function writeMetrics({ ranAt, success, rpo, rto }) {
  const file = path.join(env.METRICS_DIR, 'restore-drill.prom');
  mkdirSync(env.METRICS_DIR, { recursive: true });
  const gauge = (name, help, value) => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value === Infinity ? '+Inf' : value}\n`;
  writeFileSync(
    `${file}.tmp`,
    gauge('stayup_restore_drill_last_run_timestamp_seconds', 'When the last restore drill finished.', Math.round(ranAt / 1000)) +
      gauge('stayup_restore_drill_success', 'Whether the last restore drill passed every check (1) or not (0).', success ? 1 : 0) +
      (rpo === undefined ? '' : gauge('stayup_restore_drill_rpo_seconds', 'Data age lost in the last drill (latest backup + WAL against live).', rpo)) +
      (rto === undefined ? '' : gauge('stayup_restore_drill_rto_seconds', 'Restore + recovery time of the latest backup in the last drill.', rto)),
  );
  renameSync(`${file}.tmp`, file);
}

async function main() {
  const port = await freePort();
  const startedAt = Date.now();
  let result = { ranAt: startedAt, success: false };
  const checks = [];
  try {
    process.stdout.write('\x1b[1m==> verify backup checksums\x1b[0m\n');
    const verified = verifyBackup();
    checks.push(...verified.checks);
    if (!verified.checks.every((c) => c.ok)) throw new Error('the backup failed its checksums: not restored');
    process.stdout.write(`\x1b[1m==> restore latest backup ${verified.label} + archived WAL on 127.0.0.1:${port}\x1b[0m\n`);
    const latest = await latestRestore(port);
    checks.push(...latest.checks);
    process.stdout.write(`\x1b[1m==> restore a point in time on 127.0.0.1:${port}\x1b[0m\n`);
    const pit = await pointInTimeRestore(port);
    checks.push(...pit.checks);
    result = { ranAt: Date.now(), success: checks.every((c) => c.ok), rpo: latest.rpo, rto: latest.rto, missing: latest.missing, pitRto: pit.rto, pitName: pit.name };
  } catch (err) {
    checks.push({ what: 'drill ran to the end', ok: false, detail: err instanceof Error ? err.message : String(err) });
    result.ranAt = Date.now();
    stopScratch(path.join(scratch, 'data'));
  }
  for (const c of checks) say(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}${c.detail ? ` — ${c.detail}` : ''}`);
  writeMetrics(result);
  if (result.rpo !== undefined) {
    say(`RPO ${result.rpo.toFixed(1)} s (${result.missing} payments of T0 missing from latest backup + WAL)`);
    say(`RTO ${result.rto.toFixed(1)} s (restore + recovery of the latest backup); point in time ${result.pitRto.toFixed(1)} s`);
  }
  process.stdout.write(`\x1b[1mrestore drill ${result.success ? 'passed' : 'FAILED'} (${seconds(startedAt).toFixed(1)} s)\x1b[0m\n`);
  process.exit(result.success ? 0 : 1);
}

await main();
