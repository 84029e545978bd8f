import { Controller, Get, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';

interface InjectableServer {
  inject(opts: {
    method: 'GET';
    url: string;
  }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>;
}

interface RawReply {
  status(code: number): RawReply;
  header(name: string, value: string): RawReply;
  send(body: string): unknown;
}

// nginx proxies /auth/health… unchanged (nginx/nginx.conf.template), while @app/health serves /health…: relay in-process.
@ApiExcludeController()
@Controller('auth/health')
export class AuthHealthAliasController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  overall(@Res() reply: RawReply): Promise<void> {
    return this.relay('/health', reply);
  }

  @Get(':probe')
  probe(@Param('probe') probe: string, @Res() reply: RawReply): Promise<void> {
    return this.relay(`/health/${encodeURIComponent(probe)}`, reply);
  }

  private async relay(url: string, reply: RawReply): Promise<void> {
    const server = this.adapterHost.httpAdapter.getInstance<InjectableServer>();
    const answer = await server.inject({ method: 'GET', url });
    const contentType = answer.headers['content-type'];
    if (typeof contentType === 'string') reply.header('Content-Type', contentType);
    reply.status(answer.statusCode).send(answer.body);
  }
}
