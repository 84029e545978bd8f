import { listBreakers } from '@app/resilience';

import { DependencyDownError, type HealthDependency } from './health-dependency.js';

// An open breaker means a downstream is failing and calls are short-circuited: the service
// still answers (degraded), so this is never critical nor part of readiness.
export function breakerDependency(key = 'breakers'): HealthDependency {
  return {
    key,
    kind: 'breaker',
    critical: false,
    readiness: false,
    check: () => {
      const breakers = listBreakers();
      const states = Object.fromEntries(breakers.map((b) => [b.name, b.state]));
      const open = breakers.filter((b) => b.state === 'open').map((b) => b.name);
      if (open.length > 0) {
        return Promise.reject(new DependencyDownError(`open: ${open.join(', ')}`, { breakers: states }));
      }
      return Promise.resolve({ breakers: states });
    },
  };
}
