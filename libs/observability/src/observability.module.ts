import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { HttpInstrumentation } from './http-instrumentation.js';
import { rootLogger, setServiceName } from './logger.js';
import { MetricsController } from './metrics.controller.js';
import { metrics } from './metrics.js';

export interface ObservabilityOptions {
  service: string;
}

/**
 * Request ids (X-Request-Id in and out), one access line per request and the HTTP duration
 * histogram (HttpInstrumentation's Fastify hooks), GET /metrics, and nestjs-pino on rootLogger for
 * Nest's own logs: `app.useLogger(app.get(Logger))` with `Logger` from nestjs-pino.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(opts: ObservabilityOptions): DynamicModule {
    setServiceName(opts.service);
    metrics.registry.setDefaultLabels({ service: opts.service });
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          renameContext: 'component',
          // No routes: its pino-http middleware would log each request a second time (see HttpInstrumentation).
          forRoutes: [],
          pinoHttp: { logger: rootLogger },
        }),
      ],
      controllers: [MetricsController],
      providers: [HttpInstrumentation],
    };
  }
}
