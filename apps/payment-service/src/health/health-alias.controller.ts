import { Controller, Get, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';

import { type ReplyLike } from '../http/answer.reply.js';

interface InjectableServer {
  inject(opts: { method: 'GET'; url: string }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}

/**
 * nginx forwards `/payments/health…` unchanged (nginx/nginx.conf.template) and the health module serves `/health…`.
 * This answers the former with exactly the latter through Fastify's in-process inject, so both
 * paths share one implementation and one body shape.
 */
@ApiExcludeController()
@Controller('payments/health')
export class HealthAliasController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  overall(@Res() reply: ReplyLike): Promise<void> {
    return this.forward('/health', reply);
  }

  @Get(':probe')
  probe(@Param('probe') probe: string, @Res() reply: ReplyLike): Promise<void> {
    return this.forward(`/health/${encodeURIComponent(probe)}`, reply);
  }

  private async forward(url: string, reply: ReplyLike): Promise<void> {
    const server = this.adapterHost.httpAdapter.getInstance<InjectableServer>();
    const answer = await server.inject({ method: 'GET', url });
    reply.status(answer.statusCode);
    const contentType = answer.headers['content-type'];
    if (typeof contentType === 'string') reply.header('content-type', contentType);
    reply.send(answer.body);
  }
}
