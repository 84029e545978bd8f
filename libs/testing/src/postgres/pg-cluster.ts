import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../ports.js';
import { findPgBinDir } from './pg-binaries.js';
import { guardCluster, type PgCleanupGuard } from './pg-cleanup.guard.js';
import { PgCommandRunner } from './pg-command.runner.js';
import { pgQuery, waitUntilReplayed } from './pg-query.js';
import { type PgCredentials, type PgNode, PgServerNode } from './pg-server.node.js';

export interface StartPostgresOptions {
  /** Start a streaming replica next to the primary (default true). */
  replica?: boolean;
  /** Where the data directories live (default: a new temp dir). An existing one is reused, not re-initialised. */
  baseDir?: string;
  /** Keep the data directories on close() (default false). */
  keep?: boolean;
  /** Fixed ports; by default the ports saved in baseDir, else free loopback ports. */
  ports?: { primary?: number; replica?: number };
}

export interface PgCluster {
  readonly primary: PgNode;
  readonly replica?: PgNode;
  readonly user: string;
  readonly password: string;
  readonly baseDir: string;
  /** Creates a database on the primary and waits until a running replica has it too. */
  createDatabase(name: string): Promise<{ writerUrl: string; readerUrl: string }>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  waitForReplica(): Promise<void>;
  /** Stops both servers and removes the data directories unless `keep` was set. */
  close(): Promise<void>;
}

interface SavedState extends PgCredentials {
  ports: { primary: number; replica?: number };
}

const STATE_FILE = 'harness.json';
const SUPERUSER = 'postgres';
// Tuned for short-lived test data: durability off, small memory, WAL kept so a stopped replica catches up.
const SERVER_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  "unix_socket_directories = ''",
  'wal_level = replica',
  'max_wal_senders = 5',
  "wal_keep_size = '256MB'",
  'hot_standby = on',
  'hot_standby_feedback = on',
  'fsync = off',
  'full_page_writes = off',
  "shared_buffers = '32MB'",
  'max_connections = 60',
  "password_encryption = 'scram-sha-256'",
];
const HBA = ['host all all 127.0.0.1/32 scram-sha-256', 'host replication all 127.0.0.1/32 scram-sha-256'];

/** Starts a real PostgreSQL primary and, by default, a streaming replica of it on loopback ports. */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PgCluster> {
  const runner = await PgCommandRunner.create(findPgBinDir());
  const baseDir = opts.baseDir ?? (await mkdtemp(join(tmpdir(), 'pg-harness-')));
  const keep = opts.keep ?? false;
  await mkdir(baseDir, { recursive: true });
  await runner.own(baseDir);

  const primaryDir = join(baseDir, 'primary');
  const replicaDir = join(baseDir, 'replica');
  const guard = guardCluster({ runner, dataDirs: [replicaDir, primaryDir], baseDir, keep });
  const nodes: PgServerNode[] = [];
  try {
    const state = await resolveState(baseDir, opts);
    await runner.writeOwnedFile(join(baseDir, STATE_FILE), JSON.stringify(state, null, 2));

    const primary = new PgServerNode(
      'primary',
      state.ports.primary,
      primaryDir,
      join(baseDir, 'primary.log'),
      state,
      runner,
    );
    if (!existsSync(join(primaryDir, 'PG_VERSION'))) await initPrimary(runner, baseDir, primaryDir, state);
    nodes.push(primary);
    await primary.start();

    let replica: PgServerNode | undefined;
    if (state.ports.replica !== undefined) {
      replica = new PgServerNode(
        'replica',
        state.ports.replica,
        replicaDir,
        join(baseDir, 'replica.log'),
        state,
        runner,
      );
      if (!existsSync(join(replicaDir, 'PG_VERSION'))) await cloneReplica(runner, replicaDir, primary, state);
      // Rewritten on every start so a reused replica follows the primary's current port.
      await runner.writeOwnedFile(join(replicaDir, 'postgresql.auto.conf'), primaryConninfo(primary, state));
      nodes.push(replica);
      await replica.start();
    }
    return new RunningPgCluster(primary, replica, state, baseDir, keep, guard);
  } catch (err) {
    await stopAll(nodes.reverse());
    guard.release();
    if (!keep) await rm(baseDir, { recursive: true, force: true });
    throw err;
  }
}

class RunningPgCluster implements PgCluster {
  readonly user: string;
  readonly password: string;
  private closed = false;

  constructor(
    readonly primary: PgServerNode,
    readonly replica: PgServerNode | undefined,
    credentials: PgCredentials,
    readonly baseDir: string,
    private readonly keep: boolean,
    private readonly guard: PgCleanupGuard,
  ) {
    this.user = credentials.user;
    this.password = credentials.password;
  }

  async createDatabase(name: string): Promise<{ writerUrl: string; readerUrl: string }> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name: ${name}`);
    await pgQuery(this.primary.url('postgres'), `CREATE DATABASE "${name}"`);
    if (this.replica?.isRunning()) await this.waitForReplica();
    return { writerUrl: this.primary.url(name), readerUrl: (this.replica ?? this.primary).url(name) };
  }

  async waitForReplica(): Promise<void> {
    if (!this.replica) return;
    if (!this.replica.isRunning()) throw new Error('the replica is stopped; start it before waiting for it');
    await waitUntilReplayed(this.primary.url('postgres'), this.replica.url('postgres'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await stopAll([this.replica, this.primary].filter((node) => node !== undefined));
    } finally {
      this.guard.release();
      if (!this.keep) await rm(this.baseDir, { recursive: true, force: true });
    }
  }
}

async function resolveState(baseDir: string, opts: StartPostgresOptions): Promise<SavedState> {
  const statePath = join(baseDir, STATE_FILE);
  const saved = existsSync(statePath)
    ? (JSON.parse(await readFile(statePath, 'utf8')) as SavedState)
    : undefined;
  const wantReplica = opts.replica ?? true;
  const [spareA, spareB] = await freePorts(2);
  return {
    user: saved?.user ?? SUPERUSER,
    password: saved?.password ?? randomBytes(18).toString('hex'),
    ports: {
      primary: opts.ports?.primary ?? saved?.ports.primary ?? spareA,
      replica: wantReplica ? (opts.ports?.replica ?? saved?.ports.replica ?? spareB) : undefined,
    },
  };
}

async function initPrimary(
  runner: PgCommandRunner,
  baseDir: string,
  dataDir: string,
  creds: PgCredentials,
): Promise<void> {
  const pwFile = join(baseDir, 'initdb.pw');
  await runner.writeOwnedFile(pwFile, creds.password);
  try {
    await runner.run('initdb', [
      '-D',
      dataDir,
      '-U',
      creds.user,
      '--auth=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
  } finally {
    await rm(pwFile, { force: true });
  }
  await appendFile(join(dataDir, 'postgresql.conf'), `\n# test harness\n${SERVER_SETTINGS.join('\n')}\n`);
  await runner.writeOwnedFile(join(dataDir, 'pg_hba.conf'), `${HBA.join('\n')}\n`);
}

async function cloneReplica(
  runner: PgCommandRunner,
  dataDir: string,
  primary: PgNode,
  creds: PgCredentials,
): Promise<void> {
  // -R writes standby.signal; fast checkpoint so the backup does not wait for a spread one.
  await runner.run(
    'pg_basebackup',
    [
      '-h',
      primary.host,
      '-p',
      String(primary.port),
      '-U',
      creds.user,
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ],
    { PGPASSWORD: creds.password },
  );
}

function primaryConninfo(primary: PgNode, creds: PgCredentials): string {
  const conninfo = `host=${primary.host} port=${primary.port} user=${creds.user} password=${creds.password} application_name=replica`;
  return `# written by the test harness\nprimary_conninfo = '${conninfo}'\n`;
}

async function stopAll(nodes: PgServerNode[]): Promise<void> {
  for (const node of nodes) {
    try {
      await node.stop('fast');
    } catch (err) {
      process.emitWarning(
        `fast stop of ${node.name} failed, stopping immediately: ${(err as Error).message}`,
      );
      await node.stop('immediate');
    }
  }
}
