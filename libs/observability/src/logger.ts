import { traceLogFields } from '@app/tracing';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

import { censorSecrets } from './redaction.js';
import { currentRequestId } from './request-context.js';

export type Logger = PinoLogger;

export interface RootLoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

/** Forwards to a replaceable target, so tests can capture the output of loggers created at import. */
class SwitchableDestination implements DestinationStream {
  constructor(public target: DestinationStream) {}

  write(line: string): void {
    this.target.write(line);
  }
}

export function createRootLogger(opts: RootLoggerOptions = {}): Logger {
  return pino(
    {
      level: knownLevelOr(opts.level, 'info'),
      // Redaction of sensitive keys, before the line is serialized (redaction.ts says why not `redact`).
      formatters: { level: (label) => ({ level: label }), bindings: censorSecrets, log: censorSecrets },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: contextMixin,
    },
    opts.destination ?? stdout(),
  );
}

// Asynchronous: lines written while a write is in flight go out together in the next one, so a busy
// instance makes one write(2) per batch instead of one per line (a syscall costs ~0.2 ms CPU under
// load here, docs/performance.md). pino flushes what is buffered on exit, crash or signal included.
function stdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

const output = new SwitchableDestination(stdout());

export const rootLogger: Logger = createRootLogger({ level: process.env['LOG_LEVEL'], destination: output });

export function createLogger(component: string): Logger {
  return rootLogger.child({ component });
}

/** Sends rootLogger (and every logger derived from it) to `destination`; returns the undo. */
export function setLogDestination(destination: DestinationStream): () => void {
  const previous = output.target;
  output.target = destination;
  return () => {
    output.target = previous;
  };
}

/** Test helper: collects rootLogger's lines as parsed objects until `restore()`. */
export function captureLogs(): { lines: Record<string, unknown>[]; restore: () => void } {
  const lines: Record<string, unknown>[] = [];
  const restore = setLogDestination({ write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, restore };
}

let serviceName: string | undefined;

/** Adds `service` to every line (set once by ObservabilityModule.forRoot). */
export function setServiceName(service: string): void {
  serviceName = service;
}

// pino-http's child logger binds request_id itself; adding it again would duplicate the key.
// trace_id/span_id: the active span's, when tracing is on (@app/tracing); nothing otherwise.
function contextMixin(_obj: object, _level: number, logger: Logger): Record<string, string> {
  const fields: Record<string, string> = traceLogFields();
  if (serviceName) fields['service'] = serviceName;
  const requestId = currentRequestId();
  if (requestId && !bindsRequestId(logger)) fields['request_id'] = requestId;
  return fields;
}

function bindsRequestId(logger: Logger): boolean {
  const chindings = (logger as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym];
  return typeof chindings === 'string' && chindings.includes('"request_id":');
}

function knownLevelOr(level: string | undefined, fallback: string): string {
  return level !== undefined && (level === 'silent' || level in pino.levels.values) ? level : fallback;
}
