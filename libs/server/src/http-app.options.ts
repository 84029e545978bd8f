export interface HttpAppOptions {
  /** Service name in logs, metrics and /health (e.g. 'auth-service'). */
  service: string;
  /** Larger request bodies are answered 413 problem+json (BODY_LIMIT_BYTES). */
  bodyLimitBytes: number;
  /** OpenAPI title and version at /docs; defaults to the service name and 1.0. */
  swagger?: { title: string; version: string };
  /** Keep the raw request body on `req.rawBody` (signature checks on webhooks). */
  rawBody?: boolean;
  /** Install the SIGTERM/SIGINT drain (SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS); startHttpApp always does. */
  shutdown?: { drainMs: number; timeoutMs: number };
}
