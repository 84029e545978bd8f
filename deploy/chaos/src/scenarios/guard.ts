/** The message of anything thrown (an Error, a string a library rejected with, or worse). */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

/**
 * Runs every item in turn; one that throws becomes `onError`'s result and the next one still runs.
 * A failed scenario (a recovery that never came back, a database gone mid-check) is a finding of
 * the run, not the end of it: the remaining scenarios and the run's report still get written.
 */
export async function eachSettled<T, R>(items: readonly T[], run: (item: T) => Promise<R>, onError: (item: T, err: unknown) => R, after?: (result: R) => void): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) {
    let result: R;
    try {
      result = await run(item);
    } catch (err) {
      result = onError(item, err);
    }
    out.push(result);
    after?.(result);
  }
  return out;
}

export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (err: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (err: unknown) => void): unknown;
}

/**
 * Errors no step awaited: an 'error' event a client (pg, ioredis, a socket) emitted with no
 * listener, or a promise nobody awaited. Node would end the process on them; during a chaos run
 * they are what the fault does to a connection, so they are recorded and the run goes on.
 */
export class StrayErrors {
  readonly seen: string[] = [];
  private readonly listener = (err: unknown): void => {
    const m = messageOf(err);
    this.seen.push(m);
    this.log(`stray error (no step awaited it; the run goes on): ${m}`);
  };

  constructor(private readonly events: ProcessEvents, private readonly log: (m: string) => void) {
    events.on('uncaughtException', this.listener);
    events.on('unhandledRejection', this.listener);
  }

  /** Messages seen since `from` (an index into `seen`). */
  since(from: number): string[] {
    return this.seen.slice(from);
  }

  dispose(): void {
    this.events.off('uncaughtException', this.listener);
    this.events.off('unhandledRejection', this.listener);
  }
}
