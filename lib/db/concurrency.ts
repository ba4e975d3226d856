/**
 * The item changed between our read and our conditional write (its version moved, or another transaction
 * held it): reading again and retrying is safe.
 */
export class ConcurrentChange extends Error {
  constructor(what: string) {
    super(`${what} changed concurrently`);
    this.name = 'ConcurrentChange';
  }
}

/**
 * Optimistic concurrency: runs `attempt` (read, check, conditional write) again when it lost a race, up to
 * `times` in all; it is told which attempt it is (1 first). Anything else it throws, and the last ConcurrentChange, go to the caller.
 */
export async function retryingConcurrentChanges<T>(attempt: (tried: number) => Promise<T>, times = 3): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt(tried);
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || tried === times) throw error;
    }
  }
}
