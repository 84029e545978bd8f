import { type HttpEnv } from '@app/config';
import { installGracefulShutdown } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { createValidationPipe } from '@app/problem-details';
import { type DynamicModule, Logger as NestLogger, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

import { createFastifyAdapter } from './fastify-adapter.factory.js';
import { type HttpAppOptions } from './http-app.options.js';
import { ServiceProblemFilter } from './service-problem.filter.js';
import { setupSwagger } from './swagger.setup.js';

/**
 * Builds and initialises a service's Fastify app around `module` (not listening yet):
 * ObservabilityModule (pino logs, request ids, /metrics) is added here, so app modules must not
 * import it themselves. Every service answers a database outage with 503 + Retry-After.
 * Ready for `app.inject` after `getHttpAdapter().getInstance().ready()`.
 */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModuleFor(module, options.service),
    createFastifyAdapter(options.bodyLimitBytes),
    // abortOnError false: a failing provider (database unreachable) rejects here instead of process.abort().
    { bufferLogs: true, rawBody: options.rawBody ?? false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ServiceProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app, options.swagger ?? { title: options.service, version: '1.0' });
  if (options.shutdown) {
    const uninstall = installGracefulShutdown(app, options.shutdown);
    // Removed once the server has closed: tests leak no listeners, and a signal after that exits at once.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => uninstall());
  }
  await closeOnFailure(app, () => app.init());
  return app;
}

/** createHttpApp with the drain installed, listening on HOST:PORT: the whole of a main.ts. */
export async function startHttpApp(
  module: Type | DynamicModule,
  env: HttpEnv,
  options: Omit<HttpAppOptions, 'bodyLimitBytes' | 'shutdown'>,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, {
    ...options,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    shutdown: { drainMs: env.SHUTDOWN_DRAIN_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
  });
  await closeOnFailure(app, () => app.listen(env.PORT, env.HOST));
  new NestLogger('HttpServer').log(`${options.service} listening on http://${env.HOST}:${env.PORT}`);
  return app;
}

function rootModuleFor(module: Type | DynamicModule, service: string): DynamicModule {
  @Module({})
  class HttpRootModule {}
  return { module: HttpRootModule, imports: [ObservabilityModule.forRoot({ service }), module] };
}

// Releases what a half-started app holds (pools, signal handlers) before the error reaches main.ts.
async function closeOnFailure(app: NestFastifyApplication, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    await app.close();
    throw err;
  }
}
