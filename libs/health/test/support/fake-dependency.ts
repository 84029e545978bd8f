import { type HealthDependency } from '../../src/index.js';

export type FakeState = 'up' | 'down' | 'hanging';

// A dependency whose health the test sets; counts checks so tests can prove none ran.
export class FakeDependency implements HealthDependency {
  state: FakeState = 'up';
  checks = 0;
  readiness?: boolean;
  timeoutMs?: number;

  constructor(
    readonly key: string,
    readonly kind: HealthDependency['kind'],
    readonly critical: boolean,
    options: { readiness?: boolean; timeoutMs?: number } = {},
  ) {
    this.readiness = options.readiness;
    this.timeoutMs = options.timeoutMs;
  }

  check(): Promise<Record<string, unknown>> {
    this.checks += 1;
    switch (this.state) {
      case 'up':
        return Promise.resolve({ checkedBy: 'fake' });
      case 'down':
        return Promise.reject(new Error(`${this.key} refused the connection`));
      case 'hanging':
        return new Promise(() => undefined);
    }
  }
}
