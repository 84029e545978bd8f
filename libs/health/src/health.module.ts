import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { DependencyProbe } from './dependency.probe.js';
import {
  HEALTH_DEPENDENCIES,
  HEALTH_OPTIONS,
  type HealthDependency,
  type HealthOptions,
} from './health-dependency.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { ShutdownState } from './shutdown-state.js';

export interface HealthModuleOptions {
  service: string;
  dependencies: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factory providers take whatever `inject` lists
    useFactory: (...deps: any[]) => HealthDependency[] | Promise<HealthDependency[]>;
    inject?: InjectionToken[];
    /** Modules that provide the injected tokens, when they are not global. */
    imports?: ModuleMetadata['imports'];
  };
}

@Module({})
export class HealthModule {
  // Global so ShutdownState is one instance that @app/server and any feature can read.
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const { useFactory, inject = [], imports = [] } = options.dependencies;
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot(), ...imports],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: { service: options.service } satisfies HealthOptions },
        {
          provide: HEALTH_DEPENDENCIES,
          useFactory: async (...deps: unknown[]) => assertUniqueKeys(await useFactory(...deps)),
          inject,
        },
        ShutdownState,
        DependencyProbe,
        HealthService,
      ],
      exports: [ShutdownState],
    };
  }
}

// Two dependencies with one key would silently overwrite each other in `details`.
function assertUniqueKeys(dependencies: HealthDependency[]): HealthDependency[] {
  const keys = dependencies.map((d) => d.key);
  const duplicates = keys.filter((key, i) => keys.indexOf(key) !== i);
  if (duplicates.length > 0) {
    throw new Error(`Duplicate health dependency keys: ${[...new Set(duplicates)].join(', ')}`);
  }
  return dependencies;
}
