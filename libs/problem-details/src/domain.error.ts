export interface DomainErrorOptions {
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An error the client caused or may see: its own status, a stable `code` (problem type
 * `urn:problem-type:<code>`), a title, and optionally a detail, extra body members and headers
 * (e.g. `Retry-After`). Everything on it is sent to the client, so never put secrets here.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly title: string;
  abstract readonly status: number;
  readonly detail?: string;
  readonly extensions?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(detail?: string, opts: DomainErrorOptions = {}) {
    super(detail ?? new.target.name, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.detail = detail;
    this.extensions = opts.extensions;
    this.headers = opts.headers;
  }
}
