import { isIPv4 } from 'node:net';

/** The tools only ever talk to this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIPv4(host) && host.startsWith('127.');
}

export function assertLoopback(host: string, what: string): void {
  if (!isLoopback(host))
    throw new Error(`${what} ${host} is not a loopback address; the stack tools target 127.0.0.0/8 only`);
}
