import { type StackProcess } from '@app/stack-client';

export const GROUP_NAMES = ['nginx', 'services', 'postgres', 'redis', 'haproxy'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

/**
 * The root pids of each process group the suite accounts CPU to; their descendants belong to the
 * group too (nginx workers, Postgres backends). services = the Node processes of auth, payment and
 * the provider simulator. Patroni daemonizes Postgres, so the postmaster is not in Patroni's tree:
 * its pid comes from the status detail. Redis = the data nodes, not the Sentinels.
 */
export function groupRoots(rows: readonly StackProcess[]): Record<GroupName, number[]> {
  const pids = (kind: string): number[] =>
    rows.filter((r) => r.kind === kind && r.pid !== null && r.pid > 0).map((r) => r.pid as number);
  return {
    nginx: pids('nginx'),
    services: pids('service'),
    postgres: rows
      .filter((r) => r.kind === 'patroni')
      .flatMap((r) => (r.detail?.postmaster_pid ? [r.detail.postmaster_pid] : [])),
    redis: pids('redis'),
    haproxy: pids('haproxy'),
  };
}

export interface ServiceInstance {
  name: string;
  pid: number;
}

/** Node service instances whose memory is sampled: auth-1, auth-2, payment-1, payment-2, simulator. */
export function serviceInstances(rows: readonly StackProcess[]): ServiceInstance[] {
  return rows
    .filter((r) => r.kind === 'service' && r.pid !== null && r.pid > 0)
    .map((r) => ({ name: r.name, pid: r.pid as number }));
}

/** Instances whose pid differs between two status readings: restarted in between. */
export function restartedBetween(
  before: readonly ServiceInstance[],
  after: readonly ServiceInstance[],
): string[] {
  return before.filter((b) => after.find((a) => a.name === b.name)?.pid !== b.pid).map((b) => b.name);
}
