import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

import { type TargetPolicy } from './target-policy.js';
import { WebhookTargetRefusedError } from './webhook-target.errors.js';

// ipaddr.js range names that are the public internet; everything else (loopback, private,
// linkLocal incl. 169.254.169.254 metadata, uniqueLocal, multicast, reserved...) is refused.
const PUBLIC_RANGES = new Set(['unicast', 'global']);

/** True when an address must not be called from inside our network. IPv4-mapped IPv6 is judged as IPv4. */
export function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  // process() turns an IPv4-mapped IPv6 address (::ffff:10.0.0.1) into the IPv4 it carries.
  return !PUBLIC_RANGES.has(ipaddr.process(address).range());
}

export type Resolve = (hostname: string) => Promise<string[]>;

export const resolveAll: Resolve = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    );
  });

/**
 * Refuses a merchant URL whose scheme or any resolved address the policy forbids. Checked at
 * registration; delivery checks again through `guardedLookup` (the address actually connected to),
 * so a DNS answer that changes later (rebinding) is caught too.
 */
export async function assertAllowedTarget(
  rawUrl: string,
  policy: TargetPolicy,
  resolve: Resolve = resolveAll,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookTargetRefusedError('not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new WebhookTargetRefusedError(policy.allowHttp ? 'only http and https URLs' : 'only https URLs');
  }
  if (url.username !== '' || url.password !== '')
    throw new WebhookTargetRefusedError('credentials in the URL');
  if (policy.allowPrivate) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    throw new WebhookTargetRefusedError('host does not resolve');
  }
  if (addresses.length === 0 || addresses.some(isBlockedAddress)) {
    throw new WebhookTargetRefusedError('host resolves to a private, loopback or reserved address');
  }
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http(s).request that refuses blocked addresses: the check and the connect use one answer. */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, []);
      const blocked = !policy.allowPrivate && addresses.some((a) => isBlockedAddress(a.address));
      if (blocked || addresses.length === 0) {
        return callback(
          Object.assign(new Error(`refused target address for ${hostname}`), { code: 'EWEBHOOKTARGET' }),
          [],
        );
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
