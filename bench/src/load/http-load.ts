import { assertLoopback } from '@app/stack-client';
import autocannon, { type Client, type Request } from 'autocannon';

import { applyConnectionPolicy, type ConnectionCounters, type SessionCache } from './connection-policy.js';
import { type LoadSummary, summariseLoad } from './load-summary.js';
import { Pacer } from './pacer.js';
import { type SourceAddressPool } from './source-addresses.js';

export interface LoadTarget {
  protocol: 'https:' | 'http:';
  host: string;
  /** More than one: connections are spread over them round-robin (both auth instances, say). */
  ports: readonly number[];
}

export interface LoadPlan {
  target: LoadTarget;
  connections: number;
  seconds: number;
  /** Shared by every connection; or `perConnection` for requests that carry state (refresh chains). */
  requests?: Request[];
  perConnection?: () => Request[];
  sourceAddresses?: SourceAddressPool;
  requestsPerConnection?: number;
  /** Paced at this total rate instead of as fast as the connections go. */
  perSecond?: number;
}

/** One autocannon run with the suite's connection policy (source addresses, rotation, pacing). */
export async function runLoad(plan: LoadPlan): Promise<LoadSummary> {
  assertLoopback(plan.target.host, 'load target');
  if (plan.sourceAddresses !== undefined && plan.target.protocol !== 'https:') {
    throw new Error('source addresses are bound through tlsOptions: they need an https target');
  }
  const counters: ConnectionCounters = { opened: 0, resumed: 0 };
  const session: SessionCache = {};
  const pacer = plan.perSecond === undefined ? undefined : new Pacer(plan.perSecond);
  const pool = plan.sourceAddresses;
  const result = await autocannon({
    url: plan.target.ports.map((port) => `${plan.target.protocol}//${plan.target.host}:${port}`),
    connections: plan.connections,
    duration: plan.seconds,
    requests: plan.requests ?? [{ method: 'GET', path: '/' }],
    setupClient: (client: Client) => {
      if (plan.perConnection !== undefined) client.requestIterator.setRequests(plan.perConnection());
      applyConnectionPolicy(
        client,
        {
          nextSourceAddress: pool === undefined ? undefined : () => pool.next(),
          requestsPerConnection: plan.requestsPerConnection,
          pacer,
        },
        counters,
        session,
      );
    },
  });
  return summariseLoad(
    result,
    counters,
    pacer === undefined ? undefined : { perSecond: pacer.perSecond, late: pacer.late },
  );
}
