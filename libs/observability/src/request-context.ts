import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
}

// One store for the whole process, so loggers in non-Nest libs see the id too.
export const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's context object: the same object for the whole request, so a key for per-request memos. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `fn` with `requestId` on every log line written inside it (also for background jobs). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}
