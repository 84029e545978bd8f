import { type Client } from 'autocannon';

import { type Pacer } from './pacer.js';

export interface ConnectionPolicy {
  /** Source address of each new TLS connection (https targets only: autocannon dials http without options). */
  nextSourceAddress?: () => string;
  /** Leave for a fresh connection (and source address) after this many requests. */
  requestsPerConnection?: number;
  pacer?: Pacer;
}

export interface ConnectionCounters {
  opened: number;
  /** TLS connections that resumed a session, so rotating addresses does not cost a full handshake each. */
  resumed: number;
}

/** One TLS session ticket shared by every connection of a run, as a returning client would present. */
export interface SessionCache {
  latest?: Buffer;
}

/**
 * Installs the policy from autocannon's setupClient hook, which runs once per connection slot,
 * before it first connects. autocannon's own `reconnectRate` drops the answer that triggers the
 * reconnect (neither counted nor passed to onResponse, which breaks refresh chains), so rotation
 * happens here instead: just before a request is sent, once the previous answer was fully read.
 * These are autocannon 9.0.0 internals (pinned in package.json); a missing one fails loudly.
 */
export function applyConnectionPolicy(
  client: Client,
  policy: ConnectionPolicy,
  counters: ConnectionCounters,
  session: SessionCache,
): void {
  for (const member of ['_connect', '_doRequest', '_destroyConnection'] as const) {
    if (typeof client[member] !== 'function')
      throw new Error(
        `autocannon Client.${member} is gone: connection-policy.ts needs updating for this autocannon`,
      );
  }
  const connect = client._connect;
  const send = client._doRequest;
  let sentOnConnection = 0;

  client._connect = function (this: Client) {
    sentOnConnection = 0;
    if (policy.nextSourceAddress !== undefined) {
      this.opts.tlsOptions = {
        ...this.opts.tlsOptions,
        localAddress: policy.nextSourceAddress(),
        session: session.latest,
      };
    }
    connect.call(this);
    counters.opened += 1;
    if (policy.nextSourceAddress === undefined) return;
    const socket = this.conn;
    socket.on('session', (ticket: Buffer) => {
      session.latest = ticket;
    });
    socket.once('secureConnect', () => {
      if (socket.isSessionReused()) counters.resumed += 1;
    });
  };

  client._doRequest = function (this: Client) {
    if (this.destroyed) return;
    if (policy.requestsPerConnection !== undefined && sentOnConnection >= policy.requestsPerConnection) {
      this._destroyConnection();
      this._connect(); // dials the next address and sends the next request itself
      return;
    }
    sentOnConnection += 1;
    const waitMs = policy.pacer?.reserve(performance.now()) ?? 0;
    if (waitMs <= 0) {
      send.call(this);
      return;
    }
    setTimeout(() => {
      if (!this.destroyed) send.call(this);
    }, waitMs);
  };
}
