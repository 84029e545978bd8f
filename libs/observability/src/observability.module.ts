import { type IncomingMessage } from 'node:http';

import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { HttpInstrumentation } from './http-instrumentation.js';
import { rootLogger, setServiceName } from './logger.js';
import { MetricsController } from './metrics.controller.js';
import { metrics } from './metrics.js';
import { requestIdFor } from './request-id.js';

export interface ObservabilityOptions {
  service: string;
}

/**
 * Request logging (nestjs-pino on rootLogger), request ids (X-Request-Id in and out), the
 * HTTP duration histogram and GET /metrics. For Nest's own logs: `app.useLogger(app.get(Logger))`
 * with `Logger` from nestjs-pino.
 */
function accessLogRequest(req: { method: string; url: string }): { method: string; url: string } {
  return { method: req.method, url: req.url };
}

function accessLogResponse(res: { statusCode: number }): { statusCode: number } {
  return { statusCode: res.statusCode };
}

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
          // nestjs-pino's default '{/*splat}' matches only '/' under Nest 12 + Fastify (middie).
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger: rootLogger,
            // Used only when Fastify has not set req.id (see createHttpApp's genReqId).
            genReqId: (req: IncomingMessage) => requestIdFor(req),
            customProps: (req: IncomingMessage) => ({ request_id: requestIdFor(req) }),
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => req.url === '/metrics' },
            // The access line carries what an operator searches by, not the headers: they hold the
            // bearer token and cookies, and redacting a dozen of them per line was a tenth of an
            // instance's CPU (docs/performance.md).
            serializers: { req: accessLogRequest, res: accessLogResponse },
          },
        }),
      ],
      controllers: [MetricsController],
      providers: [HttpInstrumentation],
    };
  }
}
