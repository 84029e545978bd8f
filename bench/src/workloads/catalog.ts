import { randomUUID } from 'node:crypto';

import { type Request } from 'autocannon';

import { PAYMENT_REQUEST, type Session } from './fixtures.js';
import { signPspWebhook } from './psp-signature.js';
import {
  type PreparedWorkload,
  type Workload,
  type WorkloadContext,
  WORKLOAD_NAMES,
  type WorkloadName,
} from './workload.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const bearer = (s: Session): Record<string, string> => ({ authorization: `Bearer ${s.accessToken}` });
// Default saturation: on the 2-core reference machine throughput stops rising well below this.
const CONNECTIONS = 32;
const LIST_LIMIT = 10;

/** Round-robin over `items`, shared by every connection. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

/** A POST whose JSON body `body()` makes afresh for each request (the next fixture, round-robin). */
function postJson(path: string, headers: Record<string, string>, body: () => unknown): Request {
  return { method: 'POST', path, headers, setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) };
}

const read: Workload = {
  name: 'read',
  title: 'authenticated read',
  route: 'GET /payments/{id}',
  zone: 'api',
  connections: CONNECTIONS,
  prepareEarly: true,
  async prepare(ctx) {
    const sessions = await ctx.fixtures.sessions(8);
    const owned = await Promise.all(
      sessions.map(async (s) => ({ s, p: (await ctx.fixtures.payment(s)).id })),
    );
    const next = cycle(owned);
    const body = await ctx.fixtures.read(sessions[0], `/payments/${owned[0].p}`);
    return {
      target: ctx.nginx,
      readyAtMs: Date.now() + ctx.readYourWritesMs,
      answer: { method: 'GET', pathPrefix: '/payments/', status: 200, body },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            const { s, p } = next();
            return { ...req, path: `/payments/${p}`, headers: { ...req.headers, ...bearer(s) } };
          },
        },
      ],
    };
  },
};

const list: Workload = {
  name: 'list',
  title: 'list payments',
  route: `GET /payments?limit=${LIST_LIMIT}`,
  zone: 'api',
  connections: CONNECTIONS,
  prepareEarly: true,
  async prepare(ctx) {
    const sessions = await ctx.fixtures.sessions(4);
    for (const s of sessions) await ctx.fixtures.paymentsOf(s, LIST_LIMIT);
    const next = cycle(sessions);
    return {
      target: ctx.nginx,
      readyAtMs: Date.now() + ctx.readYourWritesMs,
      requests: [
        {
          method: 'GET',
          path: `/payments?limit=${LIST_LIMIT}`,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...bearer(next()) } }),
        },
      ],
    };
  },
};

const create: Workload = {
  name: 'create',
  title: 'payment create',
  route: 'POST /payments',
  zone: 'api',
  connections: CONNECTIONS,
  async prepare(ctx) {
    const sessions = await ctx.fixtures.sessions(8);
    const next = cycle(sessions);
    const sample = await ctx.fixtures.payment(sessions[0]);
    return {
      target: ctx.nginx,
      answer: { method: 'POST', pathPrefix: '/payments', status: 201, body: sample.body },
      requests: [
        {
          method: 'POST',
          path: '/payments',
          body: JSON.stringify(PAYMENT_REQUEST),
          // A new key per request: every request is a new payment, never a replay.
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, ...JSON_HEADERS, ...bearer(next()), 'idempotency-key': randomUUID() },
          }),
        },
      ],
    };
  },
};

const refund: Workload = {
  name: 'refund',
  title: 'refund',
  route: 'POST /payments/{id}/refunds',
  zone: 'api',
  connections: CONNECTIONS,
  async prepare(ctx) {
    // Fresh payments large enough for every 1-unit refund of the run, twice the connections of them
    // so two refunds rarely wait on the same payment's row lock.
    const sessions = await ctx.fixtures.sessions(8);
    const perSession = Math.ceil((2 * CONNECTIONS) / sessions.length);
    const owned = (
      await Promise.all(
        sessions.map(async (s) =>
          (await ctx.fixtures.paymentsOf(s, perSession, { ...PAYMENT_REQUEST, amount: 99_999_999 })).map(
            (p) => ({ s, p: p.id }),
          ),
        ),
      )
    ).flat();
    const next = cycle(owned);
    return {
      target: ctx.nginx,
      requests: [
        {
          method: 'POST',
          body: JSON.stringify({ amount: 1 }),
          setupRequest: (req) => {
            const { s, p } = next();
            return {
              ...req,
              path: `/payments/${p}/refunds`,
              headers: { ...req.headers, ...JSON_HEADERS, ...bearer(s), 'idempotency-key': randomUUID() },
            };
          },
        },
      ],
    };
  },
};

/**
 * Each refresh token works once: a connection presents its token and the answer's token is its
 * next request's body. A token in flight when a run stops may be spent, so between runs only
 * answered chains go back to the pool, and the pool is topped up with fresh logins.
 */
const refresh: Workload = {
  name: 'refresh',
  title: 'token refresh',
  route: 'POST /auth/refresh',
  zone: 'credentials',
  connections: CONNECTIONS,
  async prepare(ctx) {
    const users = await ctx.fixtures.users(4);
    const spare = Math.ceil(CONNECTIONS / 4);
    const live: string[] = [];
    let chains: { token?: string; inFlight: boolean }[] = [];
    let broken = 0;
    const perConnection = (): Request[] => {
      const chain: { token?: string; inFlight: boolean } = { token: live.pop(), inFlight: false };
      chains.push(chain);
      return [
        {
          method: 'POST',
          path: '/auth/refresh',
          headers: JSON_HEADERS,
          setupRequest: (req) => {
            chain.token ??= live.pop();
            chain.inFlight = true;
            return { ...req, body: JSON.stringify({ refresh_token: chain.token }) };
          },
          onResponse: (status, body) => {
            chain.inFlight = false;
            if (status === 200) {
              chain.token = (JSON.parse(body) as { refresh_token: string }).refresh_token;
            } else {
              broken += 1;
              chain.token = live.pop();
            }
          },
        },
      ];
    };
    return {
      target: ctx.nginx,
      perConnection,
      beforeEachRun: async () => {
        for (const c of chains) if (!c.inFlight && c.token !== undefined) live.push(c.token);
        chains = [];
        const missing = CONNECTIONS + spare - live.length;
        if (missing > 0)
          live.push(...(await ctx.fixtures.loginsOf(users, missing)).map((s) => s.refreshToken));
      },
      notes: () => (broken > 0 ? [`${broken} refresh chains broke (non-200) and took a spare token`] : []),
    };
  },
};

const login: Workload = {
  name: 'login',
  title: 'login',
  route: 'POST /auth/login',
  zone: 'credentials',
  connections: 16,
  async prepare(ctx) {
    const next = cycle(await ctx.fixtures.users(16));
    return {
      target: ctx.nginx,
      requests: [postJson('/auth/login', JSON_HEADERS, next)],
    };
  },
};

const introspect: Workload = {
  name: 'introspect',
  title: 'introspection (direct)',
  route: 'POST /internal/introspect',
  connections: CONNECTIONS,
  async prepare(ctx) {
    const next = cycle(await ctx.fixtures.sessions(8));
    return {
      target: ctx.authInstances,
      requests: [
        postJson(
          '/internal/introspect',
          { ...JSON_HEADERS, authorization: ctx.introspectionAuthorization },
          () => ({
            token: next().accessToken,
          }),
        ),
      ],
    };
  },
};

const webhook: Workload = {
  name: 'webhook',
  title: 'inbound provider webhook',
  route: 'POST /webhooks/psp',
  zone: 'api',
  connections: CONNECTIONS,
  async prepare(ctx) {
    // The simulator's own charge objects for real payments, each sent again under a new event id.
    const [session] = await ctx.fixtures.sessions(1);
    const payments = await ctx.fixtures.paymentsOf(session, 16);
    const next = cycle(await Promise.all(payments.map((p) => ctx.sim.chargeByKey(p.id))));
    return {
      target: ctx.nginx,
      requests: [
        {
          method: 'POST',
          path: '/webhooks/psp',
          setupRequest: (req) => {
            const created = Math.floor(Date.now() / 1000);
            const body = JSON.stringify({
              id: `evt_${randomUUID()}`,
              type: 'payment.succeeded',
              created,
              data: next(),
            });
            return {
              ...req,
              body,
              headers: {
                ...req.headers,
                ...JSON_HEADERS,
                'psp-signature': signPspWebhook(ctx.pspWebhookSecret, body, created),
              },
            };
          },
        },
      ],
    };
  },
};

export const WORKLOADS: readonly Workload[] = [
  login,
  refresh,
  introspect,
  read,
  list,
  create,
  refund,
  webhook,
];

/** The workloads named in `--only` (all when none), in the suite's order; unknown names are refused. */
export function selectWorkloads(only: readonly string[] | undefined): Workload[] {
  if (only === undefined || only.length === 0) return [...WORKLOADS];
  const unknown = only.filter(
    (n) => !(WORKLOAD_NAMES as readonly string[]).includes(n) && !EXTRA_SELECTIONS.includes(n),
  );
  if (unknown.length > 0)
    throw new Error(
      `unknown workload ${unknown.join(', ')}; known: ${[...WORKLOAD_NAMES, ...EXTRA_SELECTIONS].join(', ')}`,
    );
  return WORKLOADS.filter((w) => only.includes(w.name));
}

/** Selections that are not workloads but parts of the suite that can be run alone. */
export const EXTRA_SELECTIONS = ['startup'];

export type { PreparedWorkload, WorkloadContext, WorkloadName };
