import { type Argon2Params } from './argon2-params.js';

/** A numeric literal that may use `_` separators ("19_456"). */
function numberLiteral(text: string): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(value)) throw new Error(`not a number literal: ${text}`);
  return value;
}

/**
 * The default of an environment field as declared in a config class (`DB_POOL_MAX: number = 10;`),
 * read from the service's source so the benchmark never carries its own copy of the figure.
 */
export function numericFieldDefault(source: string, field: string): number {
  const m = new RegExp(`\\b${field}\\s*:\\s*number\\s*=\\s*([\\d_.]+)\\s*;`).exec(source);
  if (!m) throw new Error(`no numeric default for ${field} in the source`);
  return numberLiteral(m[1]);
}

/** `export const OWASP_ARGON2ID: Argon2Params = { memoryCost: …, timeCost: …, parallelism: … };` */
export function argon2ParamsFromSource(source: string, constant: string): Argon2Params {
  const m = new RegExp(`\\b${constant}\\b[^=]*=\\s*\\{([^}]*)\\}`).exec(source);
  if (!m) throw new Error(`no ${constant} object literal in the source`);
  const entries = Object.fromEntries(
    [...m[1].matchAll(/(\w+)\s*:\s*([\d_.]+)/g)].map(([, k, v]) => [k, numberLiteral(v)]),
  );
  for (const key of ['memoryCost', 'timeCost', 'parallelism'] as const) {
    if (entries[key] === undefined) throw new Error(`${constant} has no ${key}`);
  }
  return { memoryCost: entries.memoryCost, timeCost: entries.timeCost, parallelism: entries.parallelism };
}
