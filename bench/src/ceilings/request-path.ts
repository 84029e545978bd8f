import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { type LoadPlan, runLoad } from '../load/http-load.js';
import { type LoadSummary } from '../load/load-summary.js';
import { type BareAnswer } from './bare-upstream.js';
import { freePort } from './free-port.js';
import { NginxTwin } from './nginx-twin.js';

const BARE_UPSTREAM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-upstream.js');

export interface RequestPathPlan {
  repo: string;
  tls: { cert: string; key: string };
  answer: BareAnswer;
  /** The workload's own load plan (requests, connections, source addresses), minus its target. */
  load: Omit<LoadPlan, 'target'>;
  warmupSeconds: number;
}

function startBareUpstream(port: number, answersFile: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(BARE_UPSTREAM, [String(port), answersFile], { stdio: 'ignore' });
    child.once('message', () => resolve(child));
    child.once('exit', (code) =>
      reject(new Error(`bare upstream on ${port} exited (${code}) before listening`)),
    );
  });
}

/**
 * nginx → two bare node:http servers answering the workload's own body, with the workload's own
 * requests, connections and source addresses: what the edge and one HTTP hop cost on their own.
 */
export async function measureRequestPath(plan: RequestPathPlan): Promise<LoadSummary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-request-path-'));
  const upstreams: ChildProcess[] = [];
  let twin: NginxTwin | undefined;
  try {
    const answersFile = path.join(dir, 'answers.json');
    writeFileSync(answersFile, JSON.stringify([plan.answer]));
    const upstreamPorts = [await freePort(), await freePort()];
    for (const port of upstreamPorts) upstreams.push(await startBareUpstream(port, answersFile));
    const [httpPort, httpsPort, statusPort] = [await freePort(), await freePort(), await freePort()];
    twin = new NginxTwin({
      repo: plan.repo,
      dir,
      httpPort,
      httpsPort,
      statusPort,
      tls: plan.tls,
      upstreams: [`127.0.0.1:${upstreamPorts[0]}`, `127.0.0.1:${upstreamPorts[1]}`],
    });
    await twin.start();
    const target = { protocol: 'https:', host: '127.0.0.1', ports: [httpsPort] } as const;
    await runLoad({ ...plan.load, target, seconds: plan.warmupSeconds, perSecond: undefined });
    return await runLoad({ ...plan.load, target, perSecond: undefined });
  } finally {
    await twin?.stop();
    for (const child of upstreams) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
