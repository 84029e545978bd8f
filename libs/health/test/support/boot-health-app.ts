import { type DynamicModule, type Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

import { type HealthDependency, HealthModule } from '../../src/index.js';

// A Fastify app with only the health module (plus `extra` modules), ready for app.inject.
export async function bootHealthApp(
  dependencies: HealthDependency[],
  extra: (Type | DynamicModule)[] = [],
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HealthModule.forRoot({ service: 'test-service', dependencies: { useFactory: () => dependencies } }),
      ...extra,
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
