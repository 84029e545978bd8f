import { Inject, Injectable } from '@nestjs/common';

import { DependencyProbe } from './dependency.probe.js';
import {
  HEALTH_DEPENDENCIES,
  HEALTH_OPTIONS,
  type HealthDependency,
  type HealthOptions,
  isReadinessDependency,
} from './health-dependency.js';
import { type CheckedDependency, type HealthReport, summarizeHealth } from './health-report.js';
import { ShutdownState } from './shutdown-state.js';

// Shown in /health/ready details while draining, so a 503 during shutdown explains itself.
const DRAINING: CheckedDependency = {
  dependency: { key: 'shutdown', kind: 'other', critical: true, check: () => Promise.resolve() },
  isUp: false,
  result: { shutdown: { status: 'down', message: 'draining: the instance is shutting down' } },
};

@Injectable()
export class HealthService {
  private readonly readinessDependencies: HealthDependency[];

  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    @Inject(HEALTH_DEPENDENCIES) private readonly dependencies: HealthDependency[],
    private readonly probe: DependencyProbe,
    private readonly shutdown: ShutdownState,
  ) {
    this.readinessDependencies = dependencies.filter(isReadinessDependency);
  }

  async overall(): Promise<HealthReport> {
    const checked = await this.probe.probeAll(this.dependencies);
    return summarizeHealth(this.options.service, checked, (dependency) => dependency.critical);
  }

  async readiness(): Promise<HealthReport> {
    const checked = await this.probe.probeAll(this.readinessDependencies);
    if (this.shutdown.isDraining) checked.push(DRAINING);
    // Only readiness dependencies are checked here, and every one of them is needed for traffic.
    return summarizeHealth(this.options.service, checked, () => true);
  }

  liveness(): HealthReport {
    return summarizeHealth(this.options.service, [], () => true);
  }
}
