// The local stack's declaration: every process, its ports, its environment and how PM2 runs it.
// stack.sh exports the resolved ports, secrets and paths; this file turns them into PM2 apps.
//   node topology.mjs ecosystem      → PM2 ecosystem JSON (stdout)
//   node topology.mjs summary        → [{name, service, kind, ports}] for status and the tests
import { execPath } from 'node:process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOOPBACK = '127.0.0.1';
export const REDIS_MASTER_NAME = 'stackmaster';
export const PATRONI_SCOPE = 'stackcluster';

function need(env, name) {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`topology: ${name} is not set`);
  return value;
}

function pgUrl(env, role, password, port, database) {
  return `postgres://${role}:${encodeURIComponent(need(env, password))}@${LOOPBACK}:${need(env, port)}/${database}`;
}

function redisEnv(env) {
  return {
    REDIS_SENTINELS: ['SENTINEL_1_PORT', 'SENTINEL_2_PORT', 'SENTINEL_3_PORT']
      .map((port) => `${LOOPBACK}:${need(env, port)}`)
      .join(','),
    REDIS_MASTER_NAME,
    REDIS_PASSWORD: need(env, 'REDIS_PASSWORD'),
  };
}

function databaseEnv(env, service) {
  const role = `${service}_service`;
  const password = `${service.toUpperCase()}_DB_PASSWORD`;
  return {
    DB_WRITER_URL: pgUrl(env, role, password, 'HAPROXY_WRITER_PORT', service),
    DB_READER_URLS: pgUrl(env, role, password, 'HAPROXY_READER_PORT', service),
  };
}

const publicBase = (env) => `https://localhost:${need(env, 'NGINX_HTTPS_PORT')}`;
const authUrls = (env) => [need(env, 'AUTH_1_PORT'), need(env, 'AUTH_2_PORT')].map((p) => `http://${LOOPBACK}:${p}`);

// V8 sizes the old generation for the machine (24 GiB here), not the instance, so under load an
// instance grew to ~280 MB RSS although its live set is far smaller. 128 MB keeps the peak near
// 165 MB. A smaller young generation (--max-semi-space-size=2) saved 15 MB more but cost up to 80 %
// more CPU per read (premature promotion), so it stays at V8's default (docs/performance.md).
// Compose sets the same (x-auth-env, x-payment-env). Not for the simulator, which keeps every event it sent.
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=128';
// auth also holds 19 MiB per argon2id hash in flight: a 4 MB young generation takes its peak from
// ~205 MB to ~170 MB under logins (its requests allocate far less than payment's reads).
export const AUTH_NODE_OPTIONS = `--max-semi-space-size=4 ${SERVICE_NODE_OPTIONS}`;

// argon2id runs on libuv's pool: each hash holds 19 MiB for its duration. libuv's default of 4
// threads per instance ran 8 hashes on this machine's 2 cores: twice the memory (auth peaked at
// 238 MB RSS) and threads preempting each other, for no more hashes per second (docs/performance.md).
export const AUTH_HASH_THREADS = '2';

// Every service loads tracing the same way (libs/tracing, ADR 0009): off unless an OTLP endpoint is
// exported to the stack, e.g. OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 ./stack up.
export const TRACING_NODE_ARGS = ['--import', '@app/tracing/register'];

function tracingEnv(env, app) {
  const passed = Object.entries(env).filter(([name]) => name.startsWith('OTEL_') && name !== 'OTEL_SERVICE_NAME');
  return { ...Object.fromEntries(passed), OTEL_SERVICE_NAME: app };
}

/** Environment of each Node service; names follow apps/<app>/src/config and the apps' READMEs. */
export function serviceEnv(env, service) {
  const common = { NODE_ENV: 'production', HOST: LOOPBACK, LOG_LEVEL: env.STACK_LOG_LEVEL || 'info' };
  const jwt = { JWT_ISSUER: `${publicBase(env)}/auth`, JWT_AUDIENCE: 'payment-service' };
  switch (service) {
    case 'auth':
      return {
        ...common,
        NODE_OPTIONS: AUTH_NODE_OPTIONS,
        UV_THREADPOOL_SIZE: AUTH_HASH_THREADS,
        ...databaseEnv(env, 'auth'),
        ...redisEnv(env),
        ...jwt,
        KEY_ENCRYPTION_KEY: need(env, 'KEY_ENCRYPTION_KEY'),
        INTROSPECTION_CLIENTS: `payment-service:${need(env, 'INTROSPECTION_CLIENT_SECRET')}`,
      };
    case 'payment':
      return {
        ...common,
        NODE_OPTIONS: SERVICE_NODE_OPTIONS,
        ...databaseEnv(env, 'payment'),
        ...redisEnv(env),
        ...jwt,
        PSP_URL: `http://${LOOPBACK}:${need(env, 'SIMULATOR_PORT')}`,
        PSP_WEBHOOK_SECRET: need(env, 'PSP_WEBHOOK_SECRET'),
        // Its own key, not auth's: seals merchant webhook secrets at rest (ADR 0008).
        KEY_ENCRYPTION_KEY: need(env, 'PAYMENT_KEY_ENCRYPTION_KEY'),
        AUTH_INTROSPECTION_URLS: authUrls(env).map((u) => `${u}/internal/introspect`).join(','),
        AUTH_JWKS_URL: `${authUrls(env)[0]}/auth/.well-known/jwks.json`,
        AUTH_CLIENT_ID: 'payment-service',
        AUTH_CLIENT_SECRET: need(env, 'INTROSPECTION_CLIENT_SECRET'),
        // The local stack's own demos and tests register plain-HTTP loopback webhook endpoints (the SSRF guard refuses them elsewhere).
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_ALLOW_HTTP: 'true',
      };
    case 'simulator':
      return {
        ...common,
        // Webhooks reach the payment pool the way the real provider would: through nginx.
        WEBHOOK_URL: `http://${LOOPBACK}:${need(env, 'NGINX_HTTP_PORT')}/webhooks/psp`,
        WEBHOOK_SECRET: need(env, 'PSP_WEBHOOK_SECRET'),
      };
    default:
      throw new Error(`topology: unknown service ${service}`);
  }
}

/** Every supervised process, in start order. `service` groups replicas of the same thing. */
export function processes(env) {
  const dir = need(env, 'STACK_DIR');
  const etcd = {
    name: 'etcd-1', service: 'etcd', kind: 'etcd', ports: { client: need(env, 'ETCD_CLIENT_PORT') },
    script: '/usr/bin/etcd',
    args: [
      '--name', 'etcd1', '--data-dir', `${dir}/etcd/data`,
      '--listen-client-urls', `http://${LOOPBACK}:${env.ETCD_CLIENT_PORT}`,
      '--advertise-client-urls', `http://${LOOPBACK}:${env.ETCD_CLIENT_PORT}`,
      '--listen-peer-urls', `http://${LOOPBACK}:${need(env, 'ETCD_PEER_PORT')}`,
      '--initial-advertise-peer-urls', `http://${LOOPBACK}:${env.ETCD_PEER_PORT}`,
      '--initial-cluster', `etcd1=http://${LOOPBACK}:${env.ETCD_PEER_PORT}`,
      '--initial-cluster-state', 'new', '--initial-cluster-token', 'stack-etcd',
      '--listen-metrics-urls', '', '--heartbeat-interval', '100', '--election-timeout', '1000',
      '--auto-compaction-retention', '1',
    ],
    env: {},
  };
  const patroni = [1, 2].map((n) => ({
    name: `patroni-${n}`, service: 'patroni', kind: 'patroni',
    ports: { postgres: need(env, `PG_${n}_PORT`), rest: need(env, `PATRONI_${n}_REST_PORT`) },
    script: `${REPO}/deploy/local/bin/patroni-node`,
    args: [`${dir}/patroni/node${n}/patroni.yml`],
    env: {},
    // Patroni stops Postgres itself (fast shutdown, checkpoint): give it time, and signal only Patroni.
    kill_timeout: 60_000, treekill: false,
  }));
  const haproxy = {
    name: 'haproxy', service: 'haproxy', kind: 'haproxy',
    ports: { writer: need(env, 'HAPROXY_WRITER_PORT'), reader: need(env, 'HAPROXY_READER_PORT'), stats: need(env, 'HAPROXY_STATS_PORT') },
    script: '/usr/sbin/haproxy',
    args: ['-db', '-f', `${REPO}/deploy/haproxy/haproxy.cfg`],
    env: {
      HAPROXY_BIND_ADDR: LOOPBACK,
      HAPROXY_WRITER_PORT: env.HAPROXY_WRITER_PORT, HAPROXY_READER_PORT: env.HAPROXY_READER_PORT,
      HAPROXY_STATS_PORT: env.HAPROXY_STATS_PORT,
      PG_1_ADDR: `${LOOPBACK}:${env.PG_1_PORT}`, PG_2_ADDR: `${LOOPBACK}:${env.PG_2_PORT}`,
      PATRONI_1_HOST: LOOPBACK, PATRONI_2_HOST: LOOPBACK,
      PATRONI_1_REST_PORT: env.PATRONI_1_REST_PORT, PATRONI_2_REST_PORT: env.PATRONI_2_REST_PORT,
    },
  };
  // WAL of every commit, flushed off the cluster as it is streamed (docs/adr/0013); ./stack restore replays it.
  // No port of its own: it is a client of HAProxy's writer port.
  const walstream = {
    name: 'walstream', service: 'walstream', kind: 'walstream', ports: {},
    script: `${REPO}/deploy/local/bin/as-postgres`,
    args: ['env', `PGPASSFILE=${dir}/backup/walstream.pgpass`, 'bash', `${REPO}/deploy/backup/wal-stream.sh`,
      `${dir}/backup/wal-stream`, LOOPBACK, need(env, 'HAPROXY_WRITER_PORT')],
    env: {},
  };
  const redisTemplate = (file) => `${REPO}/deploy/redis/${file}`;
  const redisCommon = {
    REDIS_BIND: LOOPBACK, REDIS_PASSWORD: need(env, 'REDIS_PASSWORD'), REDIS_MASTER_NAME,
    REDIS_ANNOUNCE_HOST: LOOPBACK, SENTINEL_ANNOUNCE_HOST: LOOPBACK, SENTINEL_RESOLVE_HOSTNAMES: 'no',
  };
  const redis = [1, 2].map((n) => ({
    name: `redis-${n}`, service: 'redis', kind: 'redis', ports: { redis: need(env, `REDIS_${n}_PORT`) },
    script: `${REPO}/deploy/redis/render-once.sh`,
    args: [
      redisTemplate('redis.conf.tpl'), `${dir}/redis/redis-${n}/redis.conf`, 'redis-server',
      // The first start decides the initial roles; afterwards Sentinel owns them (CONFIG REWRITE).
      ...(n === 1 ? [] : [`replicaof ${LOOPBACK} ${env.REDIS_1_PORT}`]),
    ],
    env: { ...redisCommon, REDIS_PORT: env[`REDIS_${n}_PORT`], REDIS_DIR: `${dir}/redis/redis-${n}` },
  }));
  const sentinels = [1, 2, 3].map((n) => ({
    name: `sentinel-${n}`, service: 'sentinel', kind: 'sentinel', ports: { sentinel: need(env, `SENTINEL_${n}_PORT`) },
    script: `${REPO}/deploy/redis/render-once.sh`,
    args: [redisTemplate('sentinel.conf.tpl'), `${dir}/redis/sentinel-${n}/sentinel.conf`, 'redis-sentinel'],
    env: {
      ...redisCommon, SENTINEL_PORT: env[`SENTINEL_${n}_PORT`], SENTINEL_DIR: `${dir}/redis/sentinel-${n}`,
      REDIS_MASTER_HOST: LOOPBACK, REDIS_MASTER_PORT: env.REDIS_1_PORT,
    },
  }));
  const node = (name, service, app, portVar) => ({
    name, service: app, kind: 'service', ports: { http: need(env, portVar) },
    // node itself is the program (not PM2's Node wrapper, which does not suit ESM entry points).
    script: execPath,
    args: ['--enable-source-maps', ...TRACING_NODE_ARGS, `${REPO}/apps/${app}/dist/main.js`],
    env: { ...serviceEnv(env, service), ...tracingEnv(env, app), PORT: env[portVar] },
    // Graceful shutdown drains for SHUTDOWN_DRAIN_MS (3 s) and closes within SHUTDOWN_TIMEOUT_MS (10 s).
    kill_timeout: 15_000,
  });
  const services = [
    node('auth-1', 'auth', 'auth-service', 'AUTH_1_PORT'),
    node('auth-2', 'auth', 'auth-service', 'AUTH_2_PORT'),
    node('payment-1', 'payment', 'payment-service', 'PAYMENT_1_PORT'),
    node('payment-2', 'payment', 'payment-service', 'PAYMENT_2_PORT'),
    node('simulator', 'simulator', 'payment-provider-simulator', 'SIMULATOR_PORT'),
  ];
  const nginx = {
    name: 'nginx', service: 'nginx', kind: 'nginx',
    ports: { http: need(env, 'NGINX_HTTP_PORT'), https: need(env, 'NGINX_HTTPS_PORT') },
    script: '/usr/sbin/nginx',
    args: ['-p', `${dir}/nginx`, '-c', `${dir}/nginx/nginx.conf`, '-g', 'daemon off;'],
    env: {},
    treekill: false,
  };
  return [etcd, ...patroni, haproxy, walstream, ...redis, ...sentinels, ...services, nginx, ...monitoring(env)];
}

// Maintained exporters from Debian, each on loopback (named exporter-* so no name starts like a
// service's replicas: redis-1, nginx); Prometheus scrapes them and the services
// (deploy/monitoring/prometheus.local.yml.tpl, rendered by stack.sh). Compose runs the same set.
function monitoring(env) {
  const dir = need(env, 'STACK_DIR');
  const listen = (portVar) => `${LOOPBACK}:${need(env, portVar)}`;
  const exporter = (name, script, portVar, args, exporterEnv = {}) => ({
    name, service: name, kind: 'exporter', ports: { http: need(env, portVar) }, script, args, env: exporterEnv,
  });
  // The monitoring role (pg_monitor, deploy/postgres/init-service-databases.sh), not the superuser.
  const pgDsn = (port) => `postgresql://monitoring:${encodeURIComponent(need(env, 'MONITORING_DB_PASSWORD'))}@${LOOPBACK}:${need(env, port)}/postgres?sslmode=disable`;
  return [
    exporter('exporter-node', '/usr/bin/prometheus-node-exporter', 'NODE_EXPORTER_PORT', [
      `--web.listen-address=${listen('NODE_EXPORTER_PORT')}`,
      // Backup and restore-drill status files (./stack backup, ./stack restore-drill).
      `--collector.textfile.directory=${dir}/metrics`,
    ]),
    exporter('exporter-redis', '/usr/bin/prometheus-redis-exporter', 'REDIS_EXPORTER_PORT', [
      `-web.listen-address=${listen('REDIS_EXPORTER_PORT')}`, '-redis.addr=',
    ], { REDIS_PASSWORD: need(env, 'REDIS_PASSWORD') }),
    // Both nodes, whatever their role; the exporter labels every series with its `server`.
    exporter('exporter-postgres', '/usr/bin/prometheus-postgres-exporter', 'POSTGRES_EXPORTER_PORT', [
      // 0.11 collects these two once per server with several servers and then fails the scrape
      // ("collected before with the same name"); the queries it runs by default cover the same views.
      `--web.listen-address=${listen('POSTGRES_EXPORTER_PORT')}`, '--no-collector.database', '--no-collector.bgwriter',
    ], { DATA_SOURCE_NAME: [pgDsn('PG_1_PORT'), pgDsn('PG_2_PORT')].join(',') }),
    exporter('exporter-nginx', '/usr/bin/prometheus-nginx-exporter', 'NGINX_EXPORTER_PORT', [
      `-web.listen-address=${listen('NGINX_EXPORTER_PORT')}`,
      `-nginx.scrape-uri=http://${listen('NGINX_STATUS_PORT')}/stub_status`,
    ]),
    {
      name: 'prometheus', service: 'prometheus', kind: 'prometheus', ports: { http: need(env, 'PROMETHEUS_PORT') },
      script: '/usr/bin/prometheus',
      args: [
        `--config.file=${dir}/prometheus/prometheus.yml`, `--storage.tsdb.path=${dir}/prometheus/data`,
        `--web.listen-address=${listen('PROMETHEUS_PORT')}`, '--storage.tsdb.retention.time=2d',
      ],
      env: {},
    },
  ];
}

/** One-shot steps run by `up` before the services start (compose: services with restart "no"). */
export function oneShots(env) {
  const migrate = (service, app) => ({
    name: `migrate-${service}`, service: `migrate-${service}`, kind: 'one-shot',
    script: `${REPO}/apps/${app}/dist/cli/migrate.js`,
    // The service's own environment (its CLI validates the same sections), without a PORT.
    env: serviceEnv(env, service),
  });
  return [
    { name: 'db-init', service: 'db-init', kind: 'one-shot', script: `${REPO}/deploy/postgres/init-service-databases.sh`, env: {} },
    migrate('auth', 'auth-service'),
    migrate('payment', 'payment-service'),
  ];
}

/** PM2 ecosystem: restart always, with exponential back-off (reset after a stable run). */
export function ecosystem(env) {
  const logs = `${need(env, 'STACK_DIR')}/logs`;
  return {
    apps: processes(env).map(({ name, script, args = [], env: appEnv, kill_timeout, treekill }) => ({
      name, script, args, cwd: REPO,
      interpreter: 'none',
      env: appEnv,
      autorestart: true,
      exp_backoff_restart_delay: 200,
      min_uptime: 5_000,
      max_restarts: 1_000_000,
      kill_timeout: kill_timeout ?? 10_000,
      treekill: treekill ?? true,
      out_file: `${logs}/${name}.log`,
      error_file: `${logs}/${name}.log`,
      merge_logs: true,
      pid_file: `${logs}/../pm2/pids/${name}.pid`,
      watch: false,
      vizion: false,
      autostart: true,
    })),
  };
}

export function summary(env) {
  return [
    ...processes(env).map(({ name, service, kind, ports }) => ({ name, service, kind, ports, supervised: true })),
    ...oneShots(env).map(({ name, service, kind }) => ({ name, service, kind, ports: {}, supervised: false })),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  const out = {
    ecosystem: () => ecosystem(process.env),
    summary: () => summary(process.env),
    'service-env': () => serviceEnv(process.env, rest[0]),
    'one-shot-env': () => oneShots(process.env).find((s) => s.name === rest[0])?.env ?? {},
  }[command];
  if (!out) {
    process.stderr.write('usage: topology.mjs ecosystem|summary|service-env <svc>|one-shot-env <name>\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(out(), null, 2)}\n`);
}
