import { type IncomingMessage } from 'node:http';

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { rootLogger } from './logger.js';
import { metrics } from './metrics.js';
import { type RequestContext, storage } from './request-context.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';

// The slice of Fastify used here (typed structurally: fastify is not a direct dependency).
interface HookRequest {
  raw: IncomingMessage;
  url: string;
  method: string;
  is404?: boolean;
  routeOptions?: { url?: string };
}
interface HookReply {
  statusCode: number;
  elapsedTime: number;
  header(name: string, value: string): unknown;
}
type Done = () => void;
interface HookHost {
  addHook(name: string, hook: (request: HookRequest, reply: HookReply, done: Done) => void): unknown;
}

const contexts = new WeakMap<HookRequest, RequestContext>();

/**
 * Fastify hooks: the request id context for every line logged during a request, one access line
 * per request, and the duration histogram labelled by route template. Body parsing leaves the
 * async context, so it is entered again in preValidation (the same trick as @fastify/request-context).
 * The access line is written here rather than by pino-http as Nest middleware: that ran through
 * @fastify/middie and built a child logger per request, about a tenth of a read's CPU (ADR 0006).
 */
@Injectable()
export class HttpInstrumentation implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (!isHookHost(instance)) return;

    instance.addHook('onRequest', (request, reply, done) => {
      const context = { requestId: requestIdFor(request.raw) };
      reply.header(REQUEST_ID_HEADER, context.requestId);
      contexts.set(request, context);
      storage.run(context, done);
    });
    instance.addHook('preValidation', (request, _reply, done) => {
      const context = contexts.get(request);
      if (context) storage.run(context, done);
      else done();
    });
    instance.addHook('onResponse', (request, reply, done) => {
      metrics.httpRequestDuration.observe(
        { method: request.method, route: routeTemplate(request), status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      const context = contexts.get(request);
      if (context && request.url !== '/metrics') storage.run(context, () => logAccess(request, reply));
      done();
    });
  }
}

// What an operator searches by, not the headers: they hold the bearer token and cookies.
function logAccess(request: HookRequest, reply: HookReply): void {
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  rootLogger[level](
    { req: { method: request.method, url: request.url }, res: { statusCode: status }, responseTime: Math.round(reply.elapsedTime) },
    'request completed',
  );
}

export function routeTemplate(request: HookRequest): string {
  if (request.is404) return 'unmatched';
  return request.routeOptions?.url ?? 'unmatched';
}

function isHookHost(value: unknown): value is HookHost {
  return typeof value === 'object' && value !== null && typeof (value as HookHost).addHook === 'function';
}
