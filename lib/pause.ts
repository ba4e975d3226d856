/** Waits `ms` milliseconds: the one backoff sleep of every retry loop. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff for the `attempt`th retry (1-based): `base` × 2^attempt ms, at most `max`. */
export const backoff = (attempt: number, base = 25, max = 1000) => Math.min(max, base * 2 ** attempt);
