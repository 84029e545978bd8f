import { isIPv4 } from 'node:net';

/** The suite only ever talks to this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

export function assertLoopback(host: string, what: string): void {
  if (!isLoopback(host))
    throw new Error(`${what} ${host} is not a loopback address; the benchmark targets 127.0.0.0/8 only`);
}
