// Throughput and latency of a RUNNING auth-service (this script starts nothing):
// logins/s (bounded by argon2id), refreshes/s, introspections/s, with p50/p99, plus the
// in-process argon2id verify rate at the service's parameters as the login ceiling.
//
//   AUTH_URL=http://127.0.0.1:3001 INTROSPECTION_CLIENT=payments:secret node bench/auth/auth.bench.mjs
//   options (env): BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_USERS (40)
//
// Per-account brute-force limits only count failures, so correct logins are never throttled.
// Registering the users is part of the setup (it needs the password policy: 12+ characters).
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import autocannon from 'autocannon';

const base = (process.env.AUTH_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const userCount = Number(process.env.BENCH_USERS ?? 40);
const introspectionClient = process.env.INTROSPECTION_CLIENT;
const PASSWORD = 'bench password that is long enough';
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

async function post(path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

async function setupUsers() {
  const run = Date.now().toString(36);
  const emails = Array.from({ length: userCount }, (_, i) => `bench.${run}.${i}@example.com`);
  for (const email of emails) {
    const res = await post('/auth/register', { email, password: PASSWORD });
    if (res.status !== 201) throw new Error(`register ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return emails;
}

async function login(email) {
  const res = await post('/auth/login', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function cannon(title, requests) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests,
        headers: { 'content-type': 'application/json' },
      },
      (err, result) => (err ? reject(err) : resolve({ title, result })),
    );
  });
}

function row({ title, result }) {
  return {
    scenario: title,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
    'non-2xx': result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function hashCeiling() {
  // Same parameters as the service; as many hashes in flight as libuv threads (default 4).
  const stored = await hash(PASSWORD, ARGON2ID);
  const workers = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const end = performance.now() + seconds * 1000;
  const samples = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await verify(stored, PASSWORD);
        samples.push(performance.now() - t);
      }
    }),
  );
  samples.sort((x, y) => x - y);
  const pct = (p) => Math.round(samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]);
  return {
    scenario: `argon2id verify in-process (m=19456,t=2,p=1, ${workers} threads)`,
    'req/s': Math.round(samples.length / seconds),
    'p50 ms': pct(0.5),
    'p99 ms': pct(0.99),
    requests: samples.length,
    'non-2xx': 0,
    errors: 0,
  };
}

const emails = await setupUsers();
let next = 0;

const logins = await cannon('POST /auth/login', [
  {
    method: 'POST',
    path: '/auth/login',
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({ email: emails[next++ % emails.length], password: PASSWORD }),
    }),
  },
]);

// A pool of live refresh tokens: each request takes one, its answer puts the successor back,
// so no token is ever presented twice (autocannon resets per-connection context every loop).
const pool = await Promise.all(
  emails.slice(0, connections * 2).map(async (email) => (await login(email)).refresh_token),
);
const refreshes = await cannon('POST /auth/refresh (rotation)', [
  {
    method: 'POST',
    path: '/auth/refresh',
    setupRequest: (req) => {
      const token = pool.shift();
      if (!token) throw new Error('refresh token pool ran dry');
      return { ...req, body: JSON.stringify({ refresh_token: token }) };
    },
    onResponse: (status, body) => {
      if (status === 200) pool.push(JSON.parse(body).refresh_token);
    },
  },
]);

const results = [logins, refreshes];
if (introspectionClient) {
  const { access_token } = await login(emails[0]);
  const authorization = `Basic ${Buffer.from(introspectionClient).toString('base64')}`;
  results.push(
    await cannon('POST /internal/introspect', [
      {
        method: 'POST',
        path: '/internal/introspect',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ token: access_token }),
      },
    ]),
  );
} else {
  console.warn('INTROSPECTION_CLIENT not set (id:secret): skipping introspection');
}

const ceiling = await hashCeiling();
console.log(
  `auth-service at ${base}: ${connections} connections, ${seconds}s per scenario, node ${process.version}, ${availableParallelism()} cores`,
);
console.table([...results.map(row), ceiling]);
