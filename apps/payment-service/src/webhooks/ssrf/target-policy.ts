/** Which merchant URLs the service may call (WEBHOOK_ALLOW_PRIVATE_TARGETS, WEBHOOK_ALLOW_HTTP). */
export interface TargetPolicy {
  /** Loopback, private, link-local... allowed: the local stack's own demos and tests only. */
  allowPrivate: boolean;
  /** Plain http allowed besides https. */
  allowHttp: boolean;
}
