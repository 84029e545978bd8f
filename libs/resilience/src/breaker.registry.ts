import { type BreakerState } from './breaker.types.js';

interface Listed {
  readonly name: string;
  readonly state: BreakerState;
}

// Latest wins per name: an app created twice in one process (e2e tests) replaces its breakers
// instead of failing, and shutdown() only unlists the breaker that is actually listed.
const breakers = new Map<string, Listed>();

export function registerBreaker(breaker: Listed): void {
  breakers.set(breaker.name, breaker);
}

export function unregisterBreaker(breaker: Listed): void {
  if (breakers.get(breaker.name) === breaker) breakers.delete(breaker.name);
}

export function listBreakers(): { name: string; state: BreakerState }[] {
  return [...breakers.values()].map(({ name, state }) => ({ name, state }));
}
