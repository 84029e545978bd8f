import { isIPv4 } from 'node:net';

const HOSTS_PER_24 = 254; // .1 … .254: no network or broadcast-looking addresses
const PER_SECOND_OCTET = HOSTS_PER_24 * 256;

export interface SourceAddressRange {
  /** Second octet of the first address; 0 is refused (127.0.0.1 is the stack's own, 127.0.0.x the chaos suite's). */
  secondOctet: number;
  count: number;
}

/**
 * Source addresses 127.<x>.<y>.<z> (x ≥ 1) handed out round-robin, so nginx's per-IP limits stay on
 * and each address is reused as late as possible. Linux routes the whole 127.0.0.0/8 to `lo`.
 */
export class SourceAddressPool {
  private cursor = 0;

  constructor(readonly range: SourceAddressRange) {
    const { secondOctet, count } = range;
    if (!Number.isInteger(secondOctet) || secondOctet < 1 || !Number.isInteger(count) || count < 1) {
      throw new RangeError(
        `a source range needs a second octet ≥ 1 and a positive count (got 127.${secondOctet}.x.x × ${count})`,
      );
    }
    if (secondOctet + Math.ceil(count / PER_SECOND_OCTET) - 1 > 255) {
      throw new RangeError(`${count} addresses from 127.${secondOctet}.0.1 run past 127.255.255.254`);
    }
  }

  get first(): string {
    return this.at(0);
  }

  get last(): string {
    return this.at(this.range.count - 1);
  }

  next(): string {
    const address = this.at(this.cursor);
    this.cursor = (this.cursor + 1) % this.range.count;
    return address;
  }

  /** How many addresses next() has handed out, wrapping included. */
  get handedOut(): number {
    return this.cursor;
  }

  contains(address: string): boolean {
    if (!isIPv4(address)) return false;
    const [a, x, y, z] = address.split('.').map(Number);
    if (a !== 127 || z < 1 || z > HOSTS_PER_24) return false;
    const index = (x - this.range.secondOctet) * PER_SECOND_OCTET + y * HOSTS_PER_24 + (z - 1);
    return index >= 0 && index < this.range.count;
  }

  /**
   * The highest total request rate at which no address is revisited before nginx has drained what
   * it sent last time, given a per-address limit; half of it, as margin for uneven connections.
   */
  safeRate(perAddressPerSecond: number): number {
    return (this.range.count * perAddressPerSecond) / 2;
  }

  private at(index: number): string {
    const x = this.range.secondOctet + Math.floor(index / PER_SECOND_OCTET);
    const y = Math.floor((index % PER_SECOND_OCTET) / HOSTS_PER_24);
    const z = (index % HOSTS_PER_24) + 1;
    return `127.${x}.${y}.${z}`;
  }
}
