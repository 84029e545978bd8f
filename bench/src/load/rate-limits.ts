export interface RateLimitZone {
  name: string;
  perSecond: number;
  /** The smallest burst any location grants with this zone: the one a client can count on. */
  burst: number;
}

/** nginx's per-IP request limits, read from the rendered configuration the running nginx uses. */
export function parseRateLimits(conf: string): Record<string, RateLimitZone> {
  const zones: Record<string, RateLimitZone> = {};
  for (const m of conf.matchAll(/limit_req_zone\s+\S+\s+zone=([\w-]+):\S+\s+rate=(\d+)r\/([sm]);/g)) {
    const [, name, amount, unit] = m;
    zones[name] = {
      name,
      perSecond: Number(amount) / (unit === 'm' ? 60 : 1),
      burst: Number.POSITIVE_INFINITY,
    };
  }
  for (const m of conf.matchAll(/limit_req\s+zone=([\w-]+)(?:\s+burst=(\d+))?/g)) {
    const zone = zones[m[1]];
    if (zone === undefined)
      throw new Error(`nginx configuration uses limit_req zone ${m[1]} but never declares it`);
    zone.burst = Math.min(zone.burst, Number(m[2] ?? 0));
  }
  for (const zone of Object.values(zones)) if (zone.burst === Number.POSITIVE_INFINITY) zone.burst = 0;
  return zones;
}

/**
 * Requests one keep-alive connection may send from one source address before moving to a fresh
 * one. With `nodelay`, nginx admits burst + 1 requests at once from an idle address, so a
 * connection that sends `burst` and leaves never meets the limit, however fast it sends them.
 */
export function requestsPerConnection(zone: RateLimitZone | undefined): number | undefined {
  if (zone === undefined) return undefined;
  return Math.max(1, zone.burst);
}
