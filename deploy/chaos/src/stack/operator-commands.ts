/**
 * Every shell command an operator is told to run in deploy/runbooks/, and the ONLY way the chaos
 * suite runs shell commands against the stack. runbooks.spec.ts fails when a runbook quotes a command
 * that is not here, so a runbook cannot drift from what the suite actually ran.
 * `<name>`-style placeholders are filled by `renderCommand`; `$VARS` come from the stack's ports.env.
 */
export const OPERATOR_COMMANDS = {
  status: './stack status --json',
  restart: './stack restart <name>',
  logs: 'LOG_LINES=50 ./stack logs <name>',
  up: './stack up',
  down: './stack down',
  patroniList: 'patronictl -c "$STACK_DIR/patroni/node1/patroni.yml" list',
  switchover: 'patronictl -c "$STACK_DIR/patroni/node<leader>/patroni.yml" switchover --leader node<leader> --candidate node<candidate> --force',
  reinit: 'patronictl -c "$STACK_DIR/patroni/node<node>/patroni.yml" reinit stackcluster node<node> --force --wait',
  sentinelMaster: 'redis-cli -h 127.0.0.1 -p "$SENTINEL_1_PORT" SENTINEL get-master-addr-by-name stackmaster',
  breakerMetrics: 'curl -s "http://127.0.0.1:$PAYMENT_<n>_PORT/metrics" | grep "^circuit_breaker"',
  paymentHealth: 'curl -s "http://127.0.0.1:$NGINX_HTTP_PORT/payments/health"',
  authHealth: 'curl -s "http://127.0.0.1:$NGINX_HTTP_PORT/auth/health"',
  simulatorStats: 'curl -s "http://127.0.0.1:$SIMULATOR_PORT/admin/stats"',
  simulatorFaultsOff: `curl -s -X PUT -H 'content-type: application/json' -d '{"outage":false,"latency_ms":0}' "http://127.0.0.1:$SIMULATOR_PORT/admin/faults"`,
  processingPayments: `psql "$PAYMENT_WRITER_URL" -Atc "SELECT count(*) FROM payments WHERE status = 'processing'"`,
  webhookBacklog: `psql "$PAYMENT_WRITER_URL" -Atc "SELECT status, count(*), min(next_attempt_at) FILTER (WHERE status = 'pending') FROM webhook_deliveries GROUP BY status"`,
  webhookDeadLetters: `psql "$PAYMENT_WRITER_URL" -Atc "SELECT d.endpoint_id, e.disabled_reason, count(*) FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.status = 'dead' GROUP BY 1, 2"`,
  webhookRetryNow: 'DB_WRITER_URL="$PAYMENT_WRITER_URL" node apps/payment-service/dist/cli/replay-webhooks.js --now',
  backupFull: './stack backup full',
  restore: './stack restore --yes',
  restoreDrill: './stack restore-drill',
  webhookReplayEndpoint: 'DB_WRITER_URL="$PAYMENT_WRITER_URL" node apps/payment-service/dist/cli/replay-webhooks.js --endpoint=<endpoint> --enable',
  alerts: 'curl -s "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/alerts"',
  alertHistory: 'curl -s -G "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query_range" --data-urlencode \'query=ALERTS{alertname="<alert>"}\' -d start=<start> -d end=<end> -d step=1',
} as const;

export type OperatorCommand = keyof typeof OPERATOR_COMMANDS;

/** The command with its `<placeholders>` filled; refuses values that are not plain words. */
export function renderCommand(command: OperatorCommand, params: Record<string, string | number> = {}): string {
  return OPERATOR_COMMANDS[command].replace(/<([a-z]+)>/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${command}: no value for <${key}>`);
    if (!/^[A-Za-z0-9_-]+$/.test(String(value))) throw new Error(`${command}: unsafe value for <${key}>`);
    return String(value);
  });
}

/** The command templates as a runbook quotes them (placeholders kept). */
export function commandTemplates(): string[] {
  return Object.values(OPERATOR_COMMANDS);
}
