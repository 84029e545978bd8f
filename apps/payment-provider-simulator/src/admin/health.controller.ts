import { Controller, Get } from '@nestjs/common';

// Process probes only: the simulator has no dependencies, and an injected outage must not
// make a supervisor restart it.
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
