/** `count` distinct source addresses 127.0.0.<first>… so nginx's per-IP limits apply per virtual user. */
export function sourceAddresses(count: number, first = 2): string[] {
  if (count < 1 || first < 2 || first + count - 1 > 254) {
    throw new RangeError(`cannot give ${count} source addresses from 127.0.0.${first} (last usable is 127.0.0.254)`);
  }
  return Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);
}
