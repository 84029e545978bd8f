import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { webhookMetrics } from '../webhook-metrics.js';
import { type InboundResult, resultForStatus } from './inbound-result.js';

export const PSP_WEBHOOK_ROUTE = '/webhooks/psp';

/** A media type only this route's requests are given: its parser hands the handler the bytes, unparsed. */
const RAW_WEBHOOK_TYPE = 'application/x-psp-webhook-raw';

// The slice of Fastify used here (typed structurally: fastify is not a direct dependency).
interface HookRequest {
  routeOptions?: { url?: string };
  headers: Record<string, string | string[] | undefined>;
}
interface HookHost {
  addContentTypeParser(
    type: string,
    opts: { parseAs: 'buffer' },
    parser: (request: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => void,
  ): unknown;
  addHook(
    name: 'preParsing',
    hook: (
      request: HookRequest,
      reply: unknown,
      payload: unknown,
      done: (err: null, payload: unknown) => void,
    ) => void,
  ): unknown;
  addHook(
    name: 'onResponse',
    hook: (request: HookRequest, reply: { statusCode: number }, done: () => void) => void,
  ): unknown;
}

const results = new WeakMap<object, InboundResult>();

/** The handler's verdict for this request, counted when the answer has gone. */
export function noteInboundResult(request: object, result: InboundResult): void {
  results.set(request, result);
}

/**
 * Fastify hooks on POST /webhooks/psp only. Body: whatever the content type, the route's body is
 * read as raw bytes (the body limit still applies) and never parsed before the signature over
 * those exact bytes is verified. Metric: every answer is counted once, including those Fastify
 * gives before the handler runs (413 over the body limit), which no controller code sees.
 */
@Injectable()
export class PspWebhookHooks implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<HookHost>();
    if (typeof instance?.addHook !== 'function') return;
    instance.addContentTypeParser(RAW_WEBHOOK_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    instance.addHook('preParsing', (request, _reply, payload, done) => {
      // Fastify picks the parser after this hook, from this header.
      if (request.routeOptions?.url === PSP_WEBHOOK_ROUTE) request.headers['content-type'] = RAW_WEBHOOK_TYPE;
      done(null, payload);
    });
    instance.addHook('onResponse', (request, reply, done) => {
      if (request.routeOptions?.url === PSP_WEBHOOK_ROUTE) {
        webhookMetrics.inbound.inc({ result: results.get(request) ?? resultForStatus(reply.statusCode) });
      }
      done();
    });
  }
}
