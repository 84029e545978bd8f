// pg errors carry a SQLSTATE `code`; socket failures carry an errno `code`. TypeORM wraps query errors in
// QueryFailedError (code copied, original in `driverError`) and Node wraps multi-address connects in
// AggregateError, so every classifier looks through those wrappers.

const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, in recovery).
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
// Messages node-postgres and pg-pool raise without any code when a socket dies or a connect times out.
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
  // TypeORM's QueryRunnerProviderAlreadyReleasedError: a transaction's next statement after its
  // connection died mid-transaction (seen in a switchover): the database went away, not a bug to 500.
  /connection provided by a query runner was already released/i,
];

/** 23505: a unique constraint rejected the row. */
export function isUniqueViolation(err: unknown): boolean {
  return hasCode(err, (code) => code === '23505');
}

/** The server could not be reached or dropped the connection: safe to retry a read elsewhere. */
export function isConnectionError(err: unknown): boolean {
  return someCause(err, (e) => {
    const code = codeOf(e);
    if (
      code !== undefined &&
      (CONNECTION_ERRNOS.has(code) || CONNECTION_SQLSTATES.has(code) || code.startsWith('08'))
    )
      return true;
    return e instanceof Error && CONNECTION_MESSAGES.some((pattern) => pattern.test(e.message));
  });
}

// 25006 read-only transaction (writer still pointing at a demoted node), 57014 statement timeout,
// 53300 too many connections: all pass with time, like a lost connection.
const TRANSIENT_SQLSTATES = new Set(['25006', '57014', '53300']);

/** The database cannot serve the request right now but will shortly (failover, overload): answer 503, not 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return isConnectionError(err) || hasCode(err, (code) => TRANSIENT_SQLSTATES.has(code));
}

/** 40001 serialization failure or 40P01 deadlock: the whole transaction may be retried. */
export function isSerializationFailure(err: unknown): boolean {
  return hasCode(err, (code) => code === '40001' || code === '40P01');
}

/** A hot standby cancelled the query because replay needed the rows it was reading (40001 or 57P04 from a replica). */
export function isRecoveryConflict(err: unknown): boolean {
  return someCause(
    err,
    (e) =>
      e instanceof Error &&
      /conflict with recovery/i.test(e.message) &&
      ['40001', '57P04'].includes(codeOf(e) ?? ''),
  );
}

function hasCode(err: unknown, test: (code: string) => boolean): boolean {
  return someCause(err, (e) => {
    const code = codeOf(e);
    return code !== undefined && test(code);
  });
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function someCause(err: unknown, test: (e: unknown) => boolean, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false;
  if (test(err)) return true;
  const { driverError, cause, errors } = err as { driverError?: unknown; cause?: unknown; errors?: unknown };
  const nested = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return nested.some((inner) => someCause(inner, test, depth + 1));
}
