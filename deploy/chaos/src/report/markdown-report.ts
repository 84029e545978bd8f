import { type OpClass, OP_CLASSES } from '../load/request-record.js';
import { type ScenarioResult } from './run-result.js';

const secs = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const OUTCOME_LABEL: Record<ScenarioResult['outcome'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  'not-runnable': '⏸ not yet runnable',
  error: '⚠️ error',
};

/** Writes acknowledged and then not found, or found with another amount (refunds included). */
export function lostWrites(s: ScenarioResult): number | undefined {
  const c = s.checks;
  return c === undefined ? undefined : c.lostPayments.length + c.lostRefunds.length + c.alteredPayments.length;
}

export function duplicateWrites(s: ScenarioResult): number | undefined {
  const c = s.checks;
  return c === undefined ? undefined : c.duplicatePaymentKeys + c.duplicateRefundKeys + c.clientDuplicateKeys;
}

export function rtoOf(s: ScenarioResult, opClass: OpClass): number | undefined {
  return s.measurements?.recovery[opClass].rtoMs;
}

/** The per-scenario report: verdict, criteria, the RTO/errors/lost/duplicates table, the timeline. */
export function renderScenarioMarkdown(s: ScenarioResult, svgFile: string | undefined): string {
  const lines = [
    `# ${s.title}: ${OUTCOME_LABEL[s.outcome]}`,
    '',
    `- **Fault:** ${s.fault}`,
    `- **Passes when:** ${s.passWhen}`,
    `- **Started:** ${s.startedAt}; ${s.users} virtual users, each from its own 127.0.0.x address, through nginx`,
  ];
  if (s.reason !== undefined) lines.push(`- **Note:** ${s.reason}`);
  const m = s.measurements;
  if (m !== undefined) {
    lines.push(
      `- **Fault window:** ${secs(m.faultMs)} → ${secs(m.faultEndMs)} of ${secs(m.endMs)} of load`,
      '',
      '| class | requests | failed after retries | RTO | longest gap without success | failed attempts |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...OP_CLASSES.map((c) => {
        const r = m.recovery[c];
        const o = m.ops.byClass[c];
        return `| ${c} | ${o.total} | ${o.failed} | ${secs(r.rtoMs)}${r.recovered ? '' : ' (not recovered)'} | ${secs(r.maxGapMs)} | ${r.failedAttempts} |`;
      }),
      '',
      '| acknowledged payments | acknowledged refunds | lost writes | duplicate writes | over-refunded | 500 answers | p99 latency (all) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${s.checks?.ackedPayments ?? '–'} | ${s.checks?.ackedRefunds ?? '–'} | ${lostWrites(s) ?? '–'} | ${duplicateWrites(s) ?? '–'} | ${s.checks?.overRefunded.length ?? '–'} | ${m.status500} | ${m.latency.all.p99 ?? '–'} ms |`,
    );
  }
  if (s.criteria.length > 0) {
    lines.push('', '| criterion | result | measured |', '| --- | --- | --- |');
    for (const c of s.criteria) lines.push(`| ${cell(c.name)} | ${c.pass ? 'pass' : '**FAIL**'} | ${cell(c.detail)} |`);
  }
  if (svgFile !== undefined) lines.push('', `![throughput, error rate and p99 latency over time, fault shaded](${svgFile})`);
  if (m !== undefined) {
    lines.push('', `Answers by status: ${statusList(m.attempts.byStatus)}.`);
    if (Object.keys(m.failures).length > 0) lines.push(`Failed operations (kind:final status): ${statusList(m.failures)}.`);
  }
  if (s.checks !== undefined) {
    const p = s.checks.provider;
    lines.push('', `Provider check: ${'skipped' in p ? `skipped (${p.skipped})` : `${p.providerCharges} charges at the simulator, ${p.chargedPayments} charged or declined payments in the database, ${p.doubleCharged.length} double charges`}.`);
    const o = s.checks.outbox;
    lines.push(`Outbox check: ${'skipped' in o ? `skipped (${o.skipped})` : `${o.paymentsWithoutEvent.length} payments and ${o.refundsWithoutEvent.length} refunds without an outbox event of their current status`}.`);
    const d = s.checks.deliveries;
    lines.push(`Delivery check: ${'skipped' in d ? `skipped (${d.skipped})` : `merchant webhook deliveries by status ${JSON.stringify(d.byStatus)}; ${d.redelivered} webhook ids arrived more than once (at least once delivery); ${d.deliveredNotReceived.length} marked delivered but not received by the merchant; ${d.badSignatures} bad signatures`}.`);
    lines.push(`Payments still \`processing\` at the check: ${s.checks.processingLeft}.`);
  }
  if (Object.keys(s.facts).length > 0) {
    lines.push('', '| observed | value |', '| --- | --- |');
    for (const [k, v] of Object.entries(s.facts)) lines.push(`| ${cell(k)} | ${cell(JSON.stringify(v))} |`);
  }
  return `${lines.join('\n')}\n`;
}

function statusList(counts: Record<string, number>): string {
  return Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} × ${v}`).join(', ');
}
