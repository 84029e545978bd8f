// One auth instance's worth of argon2id: `concurrency` verifications in flight on this process's
// libuv thread pool (sized by UV_THREADPOOL_SIZE, as the service's is), for as long as told.
//   forked by hash-ceiling.ts: argv = <params JSON> <concurrency>; messages: ready → go → done
import { randomBytes } from 'node:crypto';

import { type Algorithm, hash, verify } from '@node-rs/argon2';

import { type Argon2Params } from './argon2-params.js';

export interface HashWorkerDone {
  verifies: number;
  elapsedMs: number;
}

// `Algorithm` is a const enum in the binding's types; the value is argon2id's, as in auth-service.
const ARGON2ID = 2 as Algorithm;

async function main(): Promise<void> {
  const params = JSON.parse(process.argv[2]) as Argon2Params;
  const concurrency = Number(process.argv[3]);
  const password = randomBytes(16).toString('base64url');
  const stored = await hash(password, { ...params, algorithm: ARGON2ID });
  process.once('message', (seconds: number) => {
    const started = performance.now();
    const end = started + seconds * 1000;
    let verifies = 0;
    const lane = async (): Promise<void> => {
      while (performance.now() < end) {
        if (!(await verify(stored, password))) throw new Error('argon2id verify rejected its own hash');
        verifies += 1;
      }
    };
    void Promise.all(Array.from({ length: concurrency }, lane)).then(() => {
      const done: HashWorkerDone = { verifies, elapsedMs: performance.now() - started };
      process.send?.(done, () => process.exit(0));
    });
  });
  process.send?.('ready');
}

void main();
