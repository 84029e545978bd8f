import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { argon2ParamsFromSource } from './source-constants.js';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const SOURCE = 'apps/auth-service/src/passwords/password-hasher.ts';
const BUILT = 'apps/auth-service/dist/passwords/password-hasher.js';
const CONSTANT = 'OWASP_ARGON2ID';

export function sameArgon2Params(a: Argon2Params, b: Argon2Params): boolean {
  return a.memoryCost === b.memoryCost && a.timeCost === b.timeCost && a.parallelism === b.parallelism;
}

/**
 * The parameters auth-service hashes with: read from its source, and checked against the build the
 * stack runs (which may lag behind the source while someone edits it): a difference is reported.
 */
export async function serviceArgon2Params(
  repo: string,
): Promise<{ params: Argon2Params; source: string; mismatch?: string }> {
  const params = argon2ParamsFromSource(readFileSync(path.join(repo, SOURCE), 'utf8'), CONSTANT);
  try {
    const built = (await import(pathToFileURL(path.join(repo, BUILT)).href)) as Record<
      string,
      Argon2Params | undefined
    >;
    const running = built[CONSTANT];
    if (running !== undefined && !sameArgon2Params(running, params)) {
      return {
        params: running,
        source: BUILT,
        mismatch: `${SOURCE} says ${JSON.stringify(params)}, the build the stack runs ${JSON.stringify(running)}; measured the build's`,
      };
    }
  } catch (err) {
    return {
      params,
      source: SOURCE,
      mismatch: `could not load ${BUILT} to check it (${(err as Error).message})`,
    };
  }
  return { params, source: SOURCE };
}
