import { type LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

import { ProviderError } from './shared/provider.error.js';
import { type SimulatorOptions } from './shared/simulator.options.js';
import { SimulatorModule } from './simulator.module.js';

export interface SimulatorAppOptions {
  bodyLimitBytes: number;
  logLevels: LogLevel[] | false;
}

// Deliberately not @app/server: an external processor has its own error envelope, no problem+json.
export async function createSimulatorApp(
  options: SimulatorOptions,
  app: SimulatorAppOptions,
): Promise<NestFastifyApplication> {
  const nest = await NestFactory.create<NestFastifyApplication>(
    SimulatorModule.forRoot(options),
    new FastifyAdapter({ bodyLimit: app.bodyLimitBytes }),
    { logger: app.logLevels },
  );
  nest.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new ProviderError(
          400,
          'invalid_request_error',
          'parameter_invalid',
          errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ') || 'Invalid request.',
        ),
    }),
  );
  nest.enableShutdownHooks();
  return nest;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const NEST_LEVEL: Record<string, LogLevel> = { info: 'log', trace: 'verbose' };

/** LOG_LEVEL (pino names) → the Nest levels at or above it. */
export function nestLogLevels(level: string): LogLevel[] | false {
  if (level === 'silent') return false;
  const wanted = NEST_LEVEL[level] ?? (level as LogLevel);
  return LEVELS.slice(0, LEVELS.indexOf(wanted) + 1);
}
