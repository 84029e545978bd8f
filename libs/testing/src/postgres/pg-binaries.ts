import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';
const REQUIRED_TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];

/** The newest Debian PostgreSQL bin directory (or PG_BIN_DIR), checked to hold every tool the harness runs. */
export function findPgBinDir(env: NodeJS.ProcessEnv = process.env, root = DEBIAN_ROOT): string {
  const candidates = env.PG_BIN_DIR ? [env.PG_BIN_DIR] : debianBinDirs(root);
  const binDir = candidates.find((dir) => REQUIRED_TOOLS.every((tool) => existsSync(join(dir, tool))));
  if (binDir === undefined) {
    throw new Error(
      `PostgreSQL server binaries (${REQUIRED_TOOLS.join(', ')}) not found in ${env.PG_BIN_DIR ?? `${root}/*/bin`}. ` +
        'Install them with `apt-get install postgresql` (Debian/Ubuntu) or point PG_BIN_DIR at a bin directory.',
    );
  }
  return binDir;
}

function debianBinDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}
