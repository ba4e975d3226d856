/**
 * Runs `task` over `items` with at most `concurrency` in flight. A task's failure is its own business (the
 * seed records it and goes on); `signal` stops new tasks from starting.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length && !signal?.aborted) {
      const index = nextIndex++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
