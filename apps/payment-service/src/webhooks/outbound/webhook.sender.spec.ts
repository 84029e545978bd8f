import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DeliveryHttpError, sendWebhook } from './webhook.sender.js';

const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,abc' };
const strict = { allowPrivate: false, allowHttp: true };
const open = { allowPrivate: true, allowHttp: true };

describe(sendWebhook.name, () => {
  let server: Server;
  let port: number;
  let status = 200;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      if (status === 0) return; // hang: never answer
      res.writeHead(status).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ({ port } = server.address() as AddressInfo);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (host: string, policy = open, signal = AbortSignal.timeout(2_000)) =>
    sendWebhook({ url: `http://${host}:${port}/hooks`, headers, body: '{}' }, policy, signal);

  it('resolves with the 2xx status of an allowed target', async () => {
    status = 204;
    await expect(send('127.0.0.1')).resolves.toBe(204);
  });

  it('rejects a non-2xx answer with its status, so the relay can tell 410 and 5xx apart', async () => {
    status = 410;
    await expect(send('127.0.0.1')).rejects.toEqual(new DeliveryHttpError(410));
  });

  it('refuses a loopback literal at delivery time when private targets are not allowed, sending nothing', async () => {
    const before = requests;
    await expect(send('127.0.0.1', strict)).rejects.toThrow(/refused target address/);
    expect(requests).toBe(before);
  });

  it('refuses a name that resolves to loopback at connect time (DNS rebinding), sending nothing', async () => {
    const before = requests;
    await expect(send('localhost', strict)).rejects.toThrow(/refused target address/);
    expect(requests).toBe(before);
  });

  it('gives up when the signal aborts (delivery timeout)', async () => {
    status = 0;
    await expect(send('127.0.0.1', open, AbortSignal.timeout(100))).rejects.toThrow();
  });
});
