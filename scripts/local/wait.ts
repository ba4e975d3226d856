export interface WaitOptions {
  /** What is being waited for, named in the timeout error. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Aborted when the process being waited for dies, so the wait ends at once instead of at the timeout. */
  signal?: AbortSignal;
}

/** Polls until `answers` resolves true; a thrown error counts as "not yet". */
export async function waitUntil(answers: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    try {
      if (await answers()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 100));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`${options.what} did not answer within ${options.timeoutMs / 1000} s${cause}`);
}
