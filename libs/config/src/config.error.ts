// Thrown by loadConfig. The message names the bad variables only: their values may be secrets.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly keys: string[],
    /** Failed constraint names per key (e.g. `{ PORT: ['isInt'] }`), never values. */
    readonly reasons: Readonly<Record<string, string[]>> = {},
  ) {
    super(`Invalid environment: ${keys.join(', ')}`);
  }
}
