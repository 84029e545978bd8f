import { type StackProcess } from '@app/stack-client';
import { describe, expect, it } from '@jest/globals';

import { groupRoots, restartedBetween, serviceInstances } from './process-groups.js';

function row(name: string, kind: string, pid: number | null, detail?: StackProcess['detail']): StackProcess {
  return {
    name,
    service: name,
    kind,
    role: null,
    pid,
    state: 'online',
    health: 'ok',
    restarts: 0,
    ports: {},
    detail,
  };
}

const ROWS = [
  row('etcd-1', 'etcd', 10),
  row('patroni-1', 'patroni', 20, { postmaster_pid: 21 }),
  row('patroni-2', 'patroni', 30, { postmaster_pid: 31 }),
  row('haproxy', 'haproxy', 40),
  row('redis-1', 'redis', 50),
  row('redis-2', 'redis', 51),
  row('sentinel-1', 'sentinel', 60),
  row('auth-1', 'service', 70),
  row('payment-1', 'service', 71),
  row('simulator', 'service', null),
  row('nginx', 'nginx', 80),
];

describe(groupRoots.name, () => {
  it('takes Postgres from the postmasters, not Patroni, and leaves out etcd and the Sentinels', () => {
    expect(groupRoots(ROWS)).toEqual({
      nginx: [80],
      services: [70, 71],
      postgres: [21, 31],
      redis: [50, 51],
      haproxy: [40],
    });
  });
});

describe(serviceInstances.name, () => {
  it('lists the service instances that have a pid', () => {
    expect(serviceInstances(ROWS)).toEqual([
      { name: 'auth-1', pid: 70 },
      { name: 'payment-1', pid: 71 },
    ]);
  });
});

describe(restartedBetween.name, () => {
  it('names instances whose pid changed or vanished', () => {
    const before = [
      { name: 'auth-1', pid: 70 },
      { name: 'auth-2', pid: 72 },
      { name: 'payment-1', pid: 71 },
    ];
    const after = [
      { name: 'auth-1', pid: 70 },
      { name: 'auth-2', pid: 99 },
    ];
    expect(restartedBetween(before, after)).toEqual(['auth-2', 'payment-1']);
  });
});
