import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { type HealthReport, httpStatusOf } from './health-report.js';
import { HealthService } from './health.service.js';

// The slice of Fastify's reply used here; fastify itself is not a direct dependency.
interface StatusReply {
  status(code: number): unknown;
}

// 503 answers keep the /health JSON shape (not problem+json): probes and load balancers read it.
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async overall(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return answer(reply, await this.health.overall());
  }

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): HealthReport {
    return this.health.liveness();
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return answer(reply, await this.health.readiness());
  }
}

function answer(reply: StatusReply, report: HealthReport): HealthReport {
  reply.status(httpStatusOf(report));
  return report;
}
