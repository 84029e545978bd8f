import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

import { workspaceRoot } from './workspace-root.js';

export interface RunOnceOptions {
  /** Built script, absolute or relative to the workspace root, e.g. `apps/auth-service/dist/cli/migrate.js`. */
  entry: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Runs a built one-shot script (migrations, key rotation, operator tools) to completion; rejects with its output unless it exits 0. */
export function runOnce(options: RunOnceOptions): Promise<string> {
  const root = workspaceRoot();
  const entry = isAbsolute(options.entry) ? options.entry : join(root, options.entry);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...(options.args ?? [])], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${options.entry} exited with ${signal ?? `code ${code}`}:\n${output.split('\n').slice(-30).join('\n')}`,
          ),
        );
    });
  });
}
