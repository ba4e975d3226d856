export interface TimedCall {
  startedAt: number;
  endedAt: number;
}

/**
 * How many sequential round trips the calls took: a new round starts when a call starts after every call
 * that started before it had finished. Calls sent together with Promise.all share a round.
 */
export function countRoundTrips(calls: readonly TimedCall[]): number {
  let rounds = 0;
  let earlierCallsEndAt = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    if (call.startedAt >= earlierCallsEndAt) rounds += 1;
    earlierCallsEndAt = Math.max(earlierCallsEndAt, call.endedAt);
  }
  return rounds;
}
