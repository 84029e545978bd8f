import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { metrics } from './metrics.js';

// Scraped on each instance's own port; nginx does not route it, Swagger does not list it.
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metrics.registry.contentType)
  scrape(): Promise<string> {
    return metrics.registry.metrics();
  }
}
