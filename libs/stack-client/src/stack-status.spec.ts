import { describe, expect, it } from '@jest/globals';

import { instancesOf, parseStackStatus, type StackProcess, unhealthy, withRole } from './stack-status.js';

function row(name: string, kind: string, role: string | null, health = 'ok', service = kind): StackProcess {
  return { name, service, kind, role, pid: 100, state: 'online', health, restarts: 0, ports: {} };
}

const rows = [
  row('patroni-1', 'patroni', 'replica'),
  row('patroni-2', 'patroni', 'leader'),
  row('redis-1', 'redis', 'master'),
  row('redis-2', 'redis', 'replica', 'down'),
  row('auth-1', 'service', 'instance', 'ok', 'auth-service'),
  row('auth-2', 'service', 'instance', 'ok', 'auth-service'),
];

describe(withRole.name, () => {
  it('finds the current Patroni leader by role, not by name', () => {
    expect(withRole(rows, 'patroni', 'leader').name).toBe('patroni-2');
  });

  it('refuses to guess when no process or two processes hold the role', () => {
    expect(() => withRole([...rows, row('patroni-3', 'patroni', 'leader')], 'patroni', 'leader')).toThrow(
      'found 2',
    );
    expect(() => withRole(rows, 'etcd', 'dcs')).toThrow('found 0');
  });
});

describe(instancesOf.name, () => {
  it('lists the replicas of one service', () => {
    expect(instancesOf(rows, 'auth-service').map((r) => r.name)).toEqual(['auth-1', 'auth-2']);
  });
});

describe(unhealthy.name, () => {
  it('lists processes whose health is not ok', () => {
    expect(unhealthy(rows).map((r) => r.name)).toEqual(['redis-2']);
  });
});

describe(parseStackStatus.name, () => {
  it('refuses output that is not a list of processes', () => {
    expect(() => parseStackStatus('{"name":"x"}')).toThrow('did not print a list');
    expect(() => parseStackStatus('[{"pid":1}]')).toThrow('without name/kind');
  });
});
