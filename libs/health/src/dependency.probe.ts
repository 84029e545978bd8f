import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  DependencyDownError,
  type HealthDependency,
} from './health-dependency.js';
import { type CheckedDependency } from './health-report.js';
import { raceDeadline } from './race-deadline.js';

// Runs one dependency check as a Terminus indicator, raced against its deadline.
// Logs only state changes: probes run every few seconds and a steady state is not news.
@Injectable()
export class DependencyProbe {
  private readonly logger = new Logger('Health');
  private readonly lastUp = new Map<string, boolean>();

  constructor(private readonly indicators: HealthIndicatorService) {}

  probeAll(dependencies: readonly HealthDependency[]): Promise<CheckedDependency[]> {
    return Promise.all(dependencies.map((dependency) => this.probe(dependency)));
  }

  async probe(dependency: HealthDependency): Promise<CheckedDependency> {
    const indicator = this.indicators.check(dependency.key);
    const timeoutMs = dependency.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    let outcome: CheckedDependency;
    try {
      // Promise.resolve().then(): a check that throws synchronously is still a down dependency.
      const data = await raceDeadline(
        Promise.resolve().then(() => dependency.check()),
        timeoutMs,
      );
      outcome = { dependency, isUp: true, result: indicator.up(data ?? {}) };
    } catch (err) {
      const details = err instanceof DependencyDownError ? err.details : {};
      outcome = { dependency, isUp: false, result: indicator.down({ ...details, message: messageOf(err) }) };
    }
    this.logTransition(outcome);
    return outcome;
  }

  private logTransition({ dependency, isUp, result }: CheckedDependency): void {
    const wasUp = this.lastUp.get(dependency.key);
    this.lastUp.set(dependency.key, isUp);
    if (wasUp === isUp || (wasUp === undefined && isUp)) return;
    const detail = result[dependency.key];
    if (isUp) {
      this.logger.log(`health dependency ${dependency.key} is up again`);
    } else {
      this.logger.warn(
        `health dependency ${dependency.key} is down (critical: ${dependency.critical}): ${String(detail?.['message'])}`,
      );
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
