import { isIPv4 } from 'node:net';

/** The suite only ever talks to this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIPv4(host) && host.startsWith('127.');
}

export function assertLoopback(host: string, what: string): void {
  if (!isLoopback(host)) throw new Error(`${what} ${host} is not a loopback address; the chaos suite targets 127.0.0.0/8 only`);
}

/** `count` distinct source addresses 127.0.0.<first>… so nginx's per-IP limits apply per virtual user. */
export function sourceAddresses(count: number, first = 2): string[] {
  if (count < 1 || first < 2 || first + count - 1 > 254) {
    throw new RangeError(`cannot give ${count} source addresses from 127.0.0.${first} (last usable is 127.0.0.254)`);
  }
  return Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);
}
