import { type ScenarioContext } from '../scenarios/scenario.js';

/** Deliveries by status, from the runbook's `webhookBacklog` query (psql -At: `status|count|oldest due`). */
export function parseBacklog(psqlOutput: string): Record<string, number> {
  const byStatus: Record<string, number> = {};
  for (const line of psqlOutput.split('\n').filter((l) => l.trim() !== '')) {
    const [status, count] = line.split('|');
    byStatus[status] = Number(count);
  }
  return byStatus;
}

/** Dead letters per endpoint, from the runbook's `webhookDeadLetters` query (`endpoint|reason|count`). */
export function parseDeadLetters(psqlOutput: string): { endpointId: string; reason: string; count: number }[] {
  return psqlOutput
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [endpointId, reason, count] = line.split('|');
      return { endpointId, reason, count: Number(count) };
    });
}

export async function webhookBacklog(ctx: Pick<ScenarioContext, 'stack'>): Promise<Record<string, number>> {
  return parseBacklog(await ctx.stack.sh('webhookBacklog', {}, 30_000));
}

export async function webhookDeadLetters(ctx: Pick<ScenarioContext, 'stack'>): Promise<ReturnType<typeof parseDeadLetters>> {
  return parseDeadLetters(await ctx.stack.sh('webhookDeadLetters', {}, 30_000));
}
