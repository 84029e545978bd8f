import { type SimulatorAdmin } from '@app/stack-client';
import { type Request } from 'autocannon';

import { type BareAnswer } from '../ceilings/bare-upstream.js';
import { type LoadTarget } from '../load/http-load.js';
import { type Fixtures } from './fixtures.js';

export const WORKLOAD_NAMES = [
  'login',
  'refresh',
  'introspect',
  'read',
  'list',
  'create',
  'refund',
  'webhook',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface WorkloadContext {
  fixtures: Fixtures;
  sim: SimulatorAdmin;
  /** nginx's HTTPS port: the public path, production configuration. */
  nginx: LoadTarget;
  /** Both auth instances directly (introspection is internal: nginx answers it 404). */
  authInstances: LoadTarget;
  /** payment-service's own introspection credential (AUTH_CLIENT_ID:AUTH_CLIENT_SECRET), as Basic auth. */
  introspectionAuthorization: string;
  pspWebhookSecret: string;
  /** After a user writes, payment-service reads that user's data from the primary for this long. */
  readYourWritesMs: number;
}

export interface PreparedWorkload {
  target: LoadTarget;
  /** Shared by every connection; or `perConnection` for requests that carry state. */
  requests?: Request[];
  perConnection?: () => Request[];
  /** Before each load run (warm-up, saturation, half load): e.g. top up live refresh tokens. */
  beforeEachRun?: () => Promise<void>;
  /** Not measured before this moment (epoch ms). */
  readyAtMs?: number;
  /** What a bare upstream answers for this workload's request-path ceiling. */
  answer?: BareAnswer;
  /** Facts about the run only the workload knows (refresh chains broken, …). */
  notes?: () => string[];
}

export interface Workload {
  name: WorkloadName;
  title: string;
  route: string;
  /** The nginx rate-limit zone of the route; undefined when the load does not go through nginx. */
  zone?: 'api' | 'credentials';
  /** Connections at saturation: more than the service side can work on at once. */
  connections: number;
  /** Prepared before any workload runs, so its fixture ages past the read-your-writes window. */
  prepareEarly?: boolean;
  prepare(ctx: WorkloadContext): Promise<PreparedWorkload>;
}
