import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Jest runs with the project folder as cwd; service entries are named from the workspace root.
export function workspaceRoot(from: string = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}
