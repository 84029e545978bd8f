// Thrown by loadConfig. The message names the bad variables only: their values may be secrets.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly keys: string[],
    /** Failed constraint names per key (e.g. `{ PORT: ['isInt'] }`), never values. */
    readonly reasons: Readonly<Record<string, string[]>> = {},
  ) {
    super(`Invalid environment: ${keys.join(', ')}${placeholderNote(keys, reasons)}`);
  }
}

function placeholderNote(keys: string[], reasons: Readonly<Record<string, string[]>>): string {
  const placeholders = keys.filter((key) => reasons[key]?.includes('placeholderSecret'));
  return placeholders.length === 0
    ? ''
    : ` (placeholder values from the examples are refused with NODE_ENV=production: ${placeholders.join(', ')})`;
}
