import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { parseStackStatus, type StackProcess } from '@app/stack-client';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to completion; never rejects on a non-zero exit (callers assert on `code`). */
export function run(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // stdin only when there is input: writing to a child that already exited raises EPIPE.
    const child = spawn(command, args, { cwd: opts.cwd ?? REPO, env: opts.env ?? process.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, seconds: (Date.now() - started) / 1_000 }));
    child.stdin?.end(opts.input);
  });
}

/** `./stack <args>` against a given state directory and ports. */
export function stack(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return run(path.join(REPO, 'stack'), args, { env: { ...process.env, ...env } });
}

/** `./stack status --json`, parsed and checked by the same code the chaos suite reads it with. */
export async function stackStatus(env: NodeJS.ProcessEnv): Promise<StackProcess[]> {
  const result = await stack(['status', '--json'], env);
  if (result.code !== 0) throw new Error(`./stack status failed: ${result.stderr}`);
  return parseStackStatus(result.stdout);
}

/** Polls until `check` resolves truthy or the deadline passes (then throws with the last error). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(500);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
}
