// The cost of one access-log line with the services' secret censoring (libs/observability
// redaction.ts) against pino's own `redact` over the same keys at the same three levels (69 paths,
// what the services used before), and against no redaction at all. In-process only; interleaved
// rounds, best round counts, as in sign-verify.ts.
//   node bench/dist/micro/log-line.js [rounds, default 6] [lines per round, default 20000]
import { censorSecrets, REDACT_CENSOR, SENSITIVE_KEYS } from '@app/observability';
import { pino, type Logger } from 'pino';

const rounds = Number(process.argv[2] ?? 6);
const linesPerRound = Number(process.argv[3] ?? 20_000);

// What the services' redact option was: each key at the first three levels.
const PINO_REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? [key, `*.${key}`, `*.*.${key}`] : [`*["${key}"]`, `*.*["${key}"]`],
);

const sink = { write: (): void => undefined };
const accessLine = {
  req: { method: 'GET', url: '/payments/01a23c28-cddd-774f-989a-a67de8f81c0f' },
  res: { statusCode: 200 },
  responseTime: 3,
};

const loggers: Record<string, Logger> = {
  'no redaction': pino({}, sink),
  'censorSecrets (formatters.log)': pino({ formatters: { log: censorSecrets } }, sink),
  [`pino redact, ${PINO_REDACT_PATHS.length} paths`]: pino(
    { redact: { paths: PINO_REDACT_PATHS, censor: REDACT_CENSOR } },
    sink,
  ),
};

function microsPerLine(log: Logger): number {
  const child = log.child({ request_id: 'bench-req-0001' });
  const start = process.hrtime.bigint();
  for (let i = 0; i < linesPerRound; i++) child.info(accessLine, 'request completed');
  return Number(process.hrtime.bigint() - start) / 1_000 / linesPerRound;
}

const best = new Map<string, number>();
for (let round = 0; round < rounds; round++) {
  for (const [name, log] of Object.entries(loggers))
    best.set(name, Math.min(best.get(name) ?? Infinity, microsPerLine(log)));
}
const ours = best.get('censorSecrets (formatters.log)') ?? NaN;
console.log(`one access line, best of ${rounds} rounds × ${linesPerRound} lines (Node ${process.version})`);
for (const [name, micros] of best) {
  console.log(
    `${name.padEnd(34)} ${micros.toFixed(2).padStart(7)} µs/line   ${(micros / ours).toFixed(1).padStart(5)}× censorSecrets`,
  );
}
