import { describe, expect, it } from '@jest/globals';

import { aLoad, aWorkload } from '../testing/fixtures.js';
import { evaluateTargets, TARGETS } from './targets.js';

const composite = {
  read: { parts: [{ name: 'request path', perSecond: 2_000 }], perSecond: 2_000 },
  login: { parts: [{ name: 'hash', perSecond: 40 }], perSecond: 40 },
};

describe(evaluateTargets.name, () => {
  it('passes the read row at 50 % of its ceiling with p99 under 20 ms and no failures', () => {
    const [read] = evaluateTargets({ workloads: [aWorkload()], composite, startup: [] });
    expect(read.row).toBe('authenticated read');
    expect(read.criteria.map((c) => c.pass)).toEqual([true, true, true]);
    expect(read.criteria[0].measured).toBe('1 000/s = 50 % of 2 000/s');
    expect(read.pass).toBe(true);
  });

  it('fails the read row below 40 %, or when a single request failed', () => {
    const slow = aWorkload({ saturation: aLoad({ okPerSecond: 700 }) });
    expect(evaluateTargets({ workloads: [slow], composite, startup: [] })[0].pass).toBe(false);
    const failing = aWorkload({
      half: aLoad({ responses: 4_000, ok: 3_999, statuses: { '200': 3_999, '503': 1 } }),
    });
    const [row] = evaluateTargets({ workloads: [failing], composite, startup: [] });
    expect(row.criteria[2]).toEqual({
      target: 'every request answered 2xx',
      measured: '1 of 14 000 failed',
      pass: false,
    });
    expect(row.pass).toBe(false);
  });

  it('fails p99 at exactly the limit: the target is strictly below', () => {
    const atLimit = aWorkload({ half: aLoad({ latencyMs: { p50: 5, p99: TARGETS.readP99Ms, max: 30 } }) });
    expect(evaluateTargets({ workloads: [atLimit], composite, startup: [] })[0].criteria[1].pass).toBe(false);
  });

  it('says "not measured" instead of passing what did not run', () => {
    const rows = evaluateTargets({ workloads: [], composite: {}, startup: [] });
    expect(rows.map((r) => r.pass)).toEqual([null, null, null, null, null, null]);
    expect(rows[0].criteria[0].measured).toBe('not measured in this run');
  });

  it('judges refresh per core used', () => {
    const refresh = aWorkload({ name: 'refresh', saturation: aLoad({ okPerSecond: 1_500 }), coresUsed: 1.5 });
    const row = evaluateTargets({ workloads: [refresh], composite, startup: [] })[2];
    expect(row.criteria[0]).toEqual({
      target: '≥ 1 200/s per core used',
      measured: '1 500/s on 1.50 cores = 1 000/s per core',
      pass: false,
    });
  });

  it("shows Keycloak's basis (auth + nginx) beside refresh per core used, but judges every group", () => {
    const groups = { nginx: 2, services: 12, postgres: 8, redis: 0.1, haproxy: 1 };
    const cpu = { wallSeconds: 10, groups, instances: { 'auth-1': 4, 'auth-2': 4, 'payment-1': 1 }, benchClient: 3, other: 0 };
    const refresh = aWorkload({ name: 'refresh', saturation: aLoad({ okPerSecond: 1_500 }), coresUsed: 2.31, cpu });
    const [criterion] = evaluateTargets({ workloads: [refresh], composite, startup: [] })[2].criteria;
    expect(criterion.measured).toBe(
      "1 500/s on 2.31 cores = 649/s per core; auth + nginx alone (Keycloak's sizing basis): 1.00 cores = 1 500/s per core",
    );
    expect(criterion.pass).toBe(false);
  });

  it('judges login against 90 % of the hash-only rate', () => {
    const login = aWorkload({ name: 'login', saturation: aLoad({ okPerSecond: 37 }) });
    expect(evaluateTargets({ workloads: [login], composite, startup: [] })[3].criteria[0]).toMatchObject({
      measured: '37.0/s = 93 % of 40.0/s',
      pass: true,
    });
  });

  it('judges memory on auth and payment instances only, by the highest peak', () => {
    const memory = evaluateTargets({ workloads: [aWorkload()], composite, startup: [] })[4];
    expect(memory.criteria[0]).toMatchObject({ measured: 'highest 120 MB (payment-1)', pass: true });
    const heavy = aWorkload({ peakRssBytes: { 'auth-2': 201 * 1024 * 1024 } });
    expect(evaluateTargets({ workloads: [heavy], composite, startup: [] })[4].pass).toBe(false);
  });

  it('judges start-up per service, and a service that never got ready fails', () => {
    const startup = evaluateTargets({
      workloads: [],
      composite,
      startup: [
        { service: 'auth', readyMs: 1_200 },
        { service: 'payment', error: 'exited with 1' },
      ],
    })[5];
    expect(startup.criteria.map((c) => [c.measured, c.pass])).toEqual([
      ['1.2 s', true],
      ['never ready (exited with 1)', false],
    ]);
    expect(startup.pass).toBe(false);
  });

  it('judges start-up on the median of repeated attempts and says so', () => {
    const [criterion] = evaluateTargets({
      workloads: [],
      composite,
      startup: [{ service: 'payment', readyMs: 2_100, attemptsMs: [2_100, 3_400, 1_900] }],
    })[5].criteria;
    expect([criterion.measured, criterion.pass]).toEqual(['2.1 s (median of 3)', true]);
  });
});
