// A 4xx is an answer from a healthy dependency (bad input, declined, not found), not an outage,
// so by default it neither opens a breaker nor is retried.
export function isClientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code <= 499;
}
