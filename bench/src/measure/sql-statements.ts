import { type DatabaseLogin } from '../ceilings/pgbench.js';
import { withClient } from '../suite/stack-facts.js';

export interface StatementCounts {
  primary?: number;
  replica?: number;
}

const SERVICE_ROLES = ['auth_service', 'payment_service'];

/** Statements the services ran on one node so far (pg_stat_statements; undefined where it is not installed). */
async function callsOn(login: DatabaseLogin): Promise<number | undefined> {
  try {
    return await withClient(login, async (c) => {
      const { rows } = await c.query<{ calls: string }>(
        `SELECT coalesce(sum(s.calls), 0)::text AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = ANY ($1)`,
        [SERVICE_ROLES],
      );
      return Number(rows[0].calls);
    });
  } catch {
    return undefined; // no pg_stat_statements on this node (a stack state from before it was preloaded)
  }
}

/** Cumulative statement counts of the services on the primary (writer port) and the replica (reader port). */
export async function statementCounts(
  primary: DatabaseLogin,
  replica: DatabaseLogin,
): Promise<StatementCounts> {
  return { primary: await callsOn(primary), replica: await callsOn(replica) };
}

/** Statements per request between two readings; a node without readings stays undefined. */
export function statementsPerRequest(
  before: StatementCounts,
  after: StatementCounts,
  requests: number,
): StatementCounts {
  const per = (a?: number, b?: number): number | undefined =>
    a === undefined || b === undefined || requests === 0 ? undefined : (b - a) / requests;
  return { primary: per(before.primary, after.primary), replica: per(before.replica, after.replica) };
}
