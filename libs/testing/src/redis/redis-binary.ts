import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// The Debian package puts redis-server in /usr/bin; PATH first so a local build can win.
export function findRedisServerBinary(dirs: string[] = defaultSearchDirs()): string {
  for (const dir of dirs) {
    const candidate = join(dir, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `redis-server not found (looked in ${dirs.join(', ')}). Install it: apt-get install -y redis-server`,
  );
}

function defaultSearchDirs(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ENOENT' ||
      (err as NodeJS.ErrnoException).code === 'EACCES'
    ) {
      return false;
    }
    throw err;
  }
}
