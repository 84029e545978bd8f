import { listBreakers } from '@app/resilience';

import { DependencyDownError, type HealthDependency } from './health-dependency.js';

// An open breaker means a downstream is failing and calls are short-circuited: the service
// still answers (degraded), so this is never critical nor part of readiness. `include` leaves out
// breakers that say nothing about this service's health (e.g. one per merchant webhook endpoint).
export function breakerDependency(
  key = 'breakers',
  include: (name: string) => boolean = () => true,
): HealthDependency {
  return {
    key,
    kind: 'breaker',
    critical: false,
    readiness: false,
    check: () => {
      const breakers = listBreakers().filter((b) => include(b.name));
      const states = Object.fromEntries(breakers.map((b) => [b.name, b.state]));
      const open = breakers.filter((b) => b.state === 'open').map((b) => b.name);
      if (open.length > 0) {
        return Promise.reject(new DependencyDownError(`open: ${open.join(', ')}`, { breakers: states }));
      }
      return Promise.resolve({ breakers: states });
    },
  };
}
