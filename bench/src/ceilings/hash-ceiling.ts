import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Argon2Params } from './argon2-params.js';
import { type HashWorkerDone } from './hash-worker.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hash-worker.js');
// libuv's documented default, what a service gets when UV_THREADPOOL_SIZE is unset.
const LIBUV_DEFAULT_THREADPOOL_SIZE = 4;

export interface HashCeiling {
  params: Argon2Params;
  processes: number;
  threadsPerProcess: number;
  seconds: number;
  verifies: number;
  perSecond: number;
}

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void =>
      reject(new Error(`hash worker exited (${code}) before reporting`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m);
    });
  });
}

export function threadPoolSize(env: Record<string, string | undefined>): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : LIBUV_DEFAULT_THREADPOOL_SIZE;
}

/**
 * The argon2id verification rate alone, with the service's parallelism: one process per auth
 * instance, each with the instance's thread pool and as many verifications in flight as it has
 * threads. All start on one signal, so they compete for the cores as the instances do.
 */
export async function measureHashCeiling(
  params: Argon2Params,
  processes: number,
  serviceEnv: Record<string, string>,
  seconds: number,
): Promise<HashCeiling> {
  const threads = threadPoolSize(serviceEnv);
  const { UV_THREADPOOL_SIZE: _ours, ...inherited } = process.env;
  const env =
    serviceEnv.UV_THREADPOOL_SIZE === undefined
      ? inherited
      : { ...inherited, UV_THREADPOOL_SIZE: serviceEnv.UV_THREADPOOL_SIZE };
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++)
      children.push(fork(WORKER, [JSON.stringify(params), String(threads)], { env, stdio: 'ignore' }));
    await Promise.all(children.map((c) => nextMessage(c)));
    const done = await Promise.all(
      children.map((c) => {
        const answer = nextMessage(c) as Promise<HashWorkerDone>;
        c.send(seconds);
        return answer;
      }),
    );
    const verifies = done.reduce((n, d) => n + d.verifies, 0);
    const elapsed = Math.max(...done.map((d) => d.elapsedMs)) / 1000;
    return {
      params,
      processes,
      threadsPerProcess: threads,
      seconds: elapsed,
      verifies,
      perSecond: verifies / elapsed,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}
