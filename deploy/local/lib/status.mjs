// Health and role of every process of the local stack, probed the way an operator would:
// Patroni REST for Postgres roles, INFO replication for Redis roles, /health/ready for services.
//   node status.mjs report [--json]               → table or JSON list
//   node status.mjs wait <names,...> <timeout-s>  → exit 0 when all are healthy
//   node status.mjs online                        → names of the processes PM2 has online
// PM2 is asked through its API over the daemon's socket (the CLI costs a Node start per call).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { processes } from './topology.mjs';

const HOST = '127.0.0.1';
const execFileAsync = promisify(execFile);
const PROBE_TIMEOUT_MS = 1_500;
const PM2_LIST_TIMEOUT_MS = 10_000;

async function httpGet(url, headers = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  const text = await res.text();
  return { status: res.status, text };
}

/** One RESP reply (simple string, error, integer or bulk string) from buf, or null when incomplete. */
function parseReply(buf) {
  const end = buf.indexOf('\r\n');
  if (end < 0) return null;
  const type = buf[0];
  const line = buf.slice(1, end);
  if (type === '$') {
    const len = Number(line);
    if (len < 0) return { value: null, rest: buf.slice(end + 2) };
    if (buf.length < end + 2 + len + 2) return null;
    return { value: buf.slice(end + 2, end + 2 + len), rest: buf.slice(end + 4 + len) };
  }
  if (type === '-') return { error: line, rest: buf.slice(end + 2) };
  return { value: line, rest: buf.slice(end + 2) };
}

/** Minimal RESP client: AUTH (optional) + one command, no dependency on the workspace. */
function redisCommand(port, password, args) {
  const encode = (parts) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let buffer = '';
    let pending = password ? 2 : 1;
    socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let reply = parseReply(buffer); reply; reply = parseReply(buffer)) {
        buffer = reply.rest;
        if (reply.error) return socket.destroy(new Error(reply.error));
        if (--pending === 0) {
          socket.end();
          return resolve(reply.value);
        }
      }
    });
    socket.on('connect', () => socket.write((password ? encode(['AUTH', password]) : '') + encode(args)));
  });
}

/**
 * The streamer as the leader sees it (pg_stat_replication, through the writer port): streaming, and
 * how far its flushed position is behind the leader's. Through psql: this file has no dependencies.
 */
async function walstreamFlushLag(env) {
  const sql = "SELECT pg_wal_lsn_diff(pg_current_wal_flush_lsn(), flush_lsn)::bigint FROM pg_stat_replication WHERE application_name = 'walstream' AND state = 'streaming'";
  const { stdout } = await execFileAsync('psql', ['-X', '-qAt', '-h', HOST, '-p', env.HAPROXY_WRITER_PORT, '-U', 'postgres', '-d', 'postgres', '-c', sql], {
    timeout: PROBE_TIMEOUT_MS, env: { PATH: process.env.PATH, PGPASSWORD: env.PG_SUPERUSER_PASSWORD, PGCONNECT_TIMEOUT: '2' },
  });
  if (stdout.trim() === '') throw new Error('not streaming from the leader');
  return Number(stdout.trim());
}

const probes = {
  async etcd(p) {
    const { status, text } = await httpGet(`http://${HOST}:${p.ports.client}/health`);
    if (status !== 200 || !text.includes('"true"')) throw new Error(`etcd /health ${status}`);
    return { role: 'dcs' };
  },
  async patroni(p) {
    const { status, text } = await httpGet(`http://${HOST}:${p.ports.rest}/patroni`);
    const body = JSON.parse(text);
    if (status !== 200 || body.state !== 'running') throw new Error(`patroni state ${body.state ?? status}`);
    const role = body.role === 'master' || body.role === 'primary' ? 'leader' : 'replica';
    // The postmaster is not Patroni's child: chaos tests kill it (or both) by this pid.
    const pidFile = `${process.env.STACK_DIR}/patroni/node${p.name.split('-')[1]}/data/postmaster.pid`;
    let postmasterPid = null;
    try {
      postmasterPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    } catch {
      // Not started yet, or not readable by this user (the data directory is the postgres user's).
    }
    return { role, detail: { state: body.state, timeline: body.timeline, postmaster_pid: postmasterPid } };
  },
  async walstream(p, env) {
    const flushed = await walstreamFlushLag(env);
    return { role: 'wal-streamer', detail: { flush_lag_bytes: flushed } };
  },
  async haproxy(p) {
    const { status } = await httpGet(`http://${HOST}:${p.ports.stats}/healthz`);
    if (status !== 200) throw new Error(`haproxy /healthz ${status}`);
    return { role: 'pg-router' };
  },
  async redis(p, env) {
    const info = await redisCommand(p.ports.redis, env.REDIS_PASSWORD, ['INFO', 'replication']);
    const role = /role:(\w+)/.exec(info)?.[1];
    if (role === 'slave' && !/master_link_status:up/.test(info)) throw new Error('replica link down');
    return { role: role === 'master' ? 'master' : 'replica' };
  },
  async sentinel(p, env) {
    const reply = await redisCommand(p.ports.sentinel, undefined, ['PING']);
    if (reply !== 'PONG') throw new Error(`sentinel PING ${reply}`);
    return { role: 'sentinel', detail: { master: env.REDIS_MASTER_NAME } };
  },
  async service(p) {
    const { status } = await httpGet(`http://${HOST}:${p.ports.http}/health/ready`);
    if (status !== 200) throw new Error(`/health/ready ${status}`);
    return { role: 'instance' };
  },
  async exporter(p) {
    const { status } = await httpGet(`http://${HOST}:${p.ports.http}/metrics`);
    if (status !== 200) throw new Error(`/metrics ${status}`);
    return { role: 'exporter' };
  },
  async prometheus(p) {
    const { status } = await httpGet(`http://${HOST}:${p.ports.http}/-/ready`);
    if (status !== 200) throw new Error(`/-/ready ${status}`);
    return { role: 'monitoring' };
  },
  async nginx(p) {
    const { status } = await httpGet(`http://${HOST}:${p.ports.http}/nginx/health`);
    if (status !== 200) throw new Error(`/nginx/health ${status}`);
    return { role: 'edge' };
  },
};

async function probe(p, env) {
  try {
    return { health: 'ok', ...(await probes[p.kind](p, env)) };
  } catch (err) {
    return { health: 'down', role: null, error: err instanceof Error ? err.message : String(err) };
  }
}

function daemonAlive(home) {
  const pidFile = `${home}/pm2.pid`;
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/** A PM2 API client, or null when no daemon runs (connecting would start one). */
async function connectPm2() {
  const home = `${process.env.STACK_DIR}/pm2`;
  if (!daemonAlive(home)) return null;
  process.env.PM2_HOME = home;
  const pm2 = createRequire(import.meta.url)('pm2');
  await new Promise((resolve, reject) => pm2.connect(true, (err) => (err ? reject(err) : resolve())));
  return {
    // Bounded: a daemon that never answers (seen once while it restarted a Patroni node) must not
    // hang `wait` past its deadline, nor leave this process running after its caller gave up.
    list: () => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PM2 did not list its processes within ${PM2_LIST_TIMEOUT_MS} ms`)), PM2_LIST_TIMEOUT_MS);
      pm2.list((err, list) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(list);
      });
    }),
    close: () => pm2.disconnect(),
  };
}

export async function report(env, list) {
  const pm2 = new Map(list.map((a) => [a.name, a]));
  return Promise.all(
    processes(env).map(async (p) => {
      const app = pm2.get(p.name);
      const state = app?.pm2_env?.status ?? 'stopped';
      const pid = app && app.pid > 0 ? app.pid : null;
      const probed = state === 'online' ? await probe(p, env) : { health: 'down', role: null };
      return {
        name: p.name, service: p.service, kind: p.kind, role: probed.role, pid, state,
        health: probed.health, restarts: app?.pm2_env?.restart_time ?? 0,
        ports: Object.fromEntries(Object.entries(p.ports).map(([k, v]) => [k, Number(v)])),
        ...(probed.error ? { error: probed.error } : {}),
        ...(probed.detail ? { detail: probed.detail } : {}),
      };
    }),
  );
}

function table(rows) {
  const head = ['NAME', 'ROLE', 'PID', 'STATE', 'HEALTH', 'RESTARTS', 'PORTS'];
  const body = rows.map((r) => [
    r.name, r.role ?? '-', r.pid ?? '-', r.state, r.health, r.restarts,
    Object.entries(r.ports).map(([k, v]) => `${k}=${v}`).join(' '),
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const client = await connectPm2();
  const list = async () => (client ? client.list() : []);
  try {
    if (command === 'report') {
      const rows = await report(process.env, await list());
      process.stdout.write(args.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n`);
    } else if (command === 'online') {
      for (const app of await list()) if (app.pm2_env?.status === 'online') process.stdout.write(`${app.name}\n`);
    } else if (command === 'wait') {
      const [names, timeoutS] = args;
      const wanted = new Set(names.split(','));
      const deadline = Date.now() + Number(timeoutS) * 1_000;
      let last = [];
      while (Date.now() < deadline) {
        try {
          last = (await report(process.env, await list())).filter((r) => wanted.has(r.name));
          if (last.length === wanted.size && last.every((r) => r.health === 'ok')) return;
        } catch (err) {
          last = [...wanted].map((name) => ({ name, state: 'unknown', health: 'down', error: err instanceof Error ? err.message : String(err) }));
        }
        await sleep(500);
      }
      const bad = last.filter((r) => r.health !== 'ok').map((r) => `${r.name} (${r.state}${r.error ? `: ${r.error}` : ''})`);
      process.stderr.write(`not healthy after ${timeoutS} s: ${bad.join(', ')}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write('usage: status.mjs report [--json] | wait <names> <timeout-s> | online\n');
      process.exitCode = 2;
    }
  } finally {
    client?.close();
  }
}

await main();
