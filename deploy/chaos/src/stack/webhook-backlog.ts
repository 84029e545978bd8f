import { type ScenarioContext } from '../scenarios/scenario.js';

/** The fields of each row `psql -At` printed (`a|b|c` per line). */
function psqlRows(psqlOutput: string): string[][] {
  return psqlOutput
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('|'));
}

/** Deliveries by status, from the runbook's `webhookBacklog` query (psql -At: `status|count|oldest due`). */
export function parseBacklog(psqlOutput: string): Record<string, number> {
  return Object.fromEntries(psqlRows(psqlOutput).map(([status, count]) => [status, Number(count)]));
}

/** Dead letters per endpoint, from the runbook's `webhookDeadLetters` query (`endpoint|reason|count`). */
export function parseDeadLetters(psqlOutput: string): { endpointId: string; reason: string; count: number }[] {
  return psqlRows(psqlOutput).map(([endpointId, reason, count]) => ({ endpointId, reason, count: Number(count) }));
}

export async function webhookBacklog(ctx: Pick<ScenarioContext, 'stack'>): Promise<Record<string, number>> {
  return parseBacklog(await ctx.stack.sh('webhookBacklog', {}, 30_000));
}

export async function webhookDeadLetters(ctx: Pick<ScenarioContext, 'stack'>): Promise<ReturnType<typeof parseDeadLetters>> {
  return parseDeadLetters(await ctx.stack.sh('webhookDeadLetters', {}, 30_000));
}
