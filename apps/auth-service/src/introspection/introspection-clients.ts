import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Service credentials allowed to introspect, from `id:secret,id2:secret2`. Secrets are kept
 * only as SHA-256 digests and compared in constant time.
 */
export class IntrospectionClients {
  private readonly clients: Map<string, Buffer>;

  constructor(spec: string) {
    this.clients = new Map(
      spec
        .split(',')
        .map((pair) => pair.trim())
        .filter((pair) => pair.length > 0)
        .map((pair) => {
          const at = pair.indexOf(':');
          return [pair.slice(0, at), digest(pair.slice(at + 1))] as const;
        }),
    );
  }

  /** The authenticated client id, or undefined for a missing, malformed or wrong credential. */
  authenticate(authorization: string | undefined): string | undefined {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at < 0) return undefined;
    const id = decoded.slice(0, at);
    const presented = digest(decoded.slice(at + 1));
    // Compare against a digest even for an unknown id, so the answer time does not reveal ids.
    const expected = this.clients.get(id) ?? digest(`unknown:${presented.toString('hex')}`);
    return timingSafeEqual(expected, presented) && this.clients.has(id) ? id : undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
