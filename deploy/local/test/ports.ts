import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { REPO } from './stack-cli.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every *_PORT variable of deploy/local/ports.env, each set to a distinct free loopback port. */
export async function freeStackPorts(): Promise<Record<string, string>> {
  const names = readFileSync(path.join(REPO, 'deploy/local/ports.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+_PORT=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')));
  const taken = new Set<number>();
  const ports: Record<string, string> = {};
  for (const name of names) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = String(port);
  }
  return ports;
}
