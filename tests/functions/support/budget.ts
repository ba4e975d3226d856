import { appendFileSync } from 'node:fs';
import { user } from '#lib/db/entities';
import { type DynamoDbCall, type DynamoDbCallRecorder, recordDynamoDbCalls } from '../../support/dynamodb-calls.ts';

/** Runs `action` while recording the DynamoDB calls it makes; the recorder is stopped afterwards. */
export async function measured<T>(action: () => Promise<T>): Promise<{ result: T; calls: DynamoDbCallRecorder }> {
  const calls = recordDynamoDbCalls();
  try {
    return { result: await action(), calls };
  } finally {
    calls.stop();
  }
}

/**
 * The calls grouped into sequential rounds, each round's operations sorted, in the shape of the table in
 * lib/db/README.md: `[['GetItem'], ['GetItem', 'TransactWriteItems']]`. Rounds are split the way
 * countRoundTrips counts them: a call that starts after every earlier call ended opens a new round.
 */
export function rounds(calls: readonly DynamoDbCall[]): string[][] {
  const grouped: string[][] = [];
  let earlierCallsEndAt = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.startedAt - b.startedAt)) {
    if (call.startedAt >= earlierCallsEndAt) grouped.push([]);
    grouped.at(-1)!.push(call.operation);
    earlierCallsEndAt = Math.max(earlierCallsEndAt, call.endedAt);
  }
  return grouped.map((round) => round.sort());
}

/**
 * A signed-in request's calls, split: the read of the viewer's user item that authentication starts (the session
 * check), and the route's own rounds as `rounds` gives them. The session read runs beside the route's rounds and
 * may outlast the first, so it is left out of them; `sessionRead` says 'in round 1' when it overlapped the route's
 * first call, i.e. it added no round of its own.
 */
export function signedInRounds(calls: readonly DynamoDbCall[], viewerId: string): { rounds: string[][]; sessionRead: 'in round 1' | 'later' | 'missing' } {
  const { PK, SK } = user.key(viewerId);
  const read = [...calls].sort((a, b) => a.startedAt - b.startedAt).find((call) => call.operation === 'GetItem' && call.key === `${PK}|${SK}`);
  const route = calls.filter((call) => call !== read);
  const [firstStart, firstEnd] = [Math.min(...route.map((call) => call.startedAt)), Math.min(...route.map((call) => call.endedAt))];
  const inRoundOne = read !== undefined && read.startedAt < firstEnd && read.endedAt > firstStart;
  return { rounds: rounds(route), sessionRead: !read ? 'missing' : inRoundOne ? 'in round 1' : 'later' };
}

const WRITES = ['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** How many write calls were made, of any kind. */
export const writeCount = (calls: DynamoDbCallRecorder) => WRITES.reduce((sum, operation) => sum + calls.countOf(operation), 0);

/** The sequential read rounds that had finished before the first write started: what the write waited for. */
export function readRoundsBeforeWrite(calls: DynamoDbCallRecorder): number {
  const write = calls.calls.filter((call) => WRITES.includes(call.operation)).sort((a, b) => a.startedAt - b.startedAt)[0];
  if (!write) return 0;
  return rounds(calls.calls.filter((call) => call.endedAt <= write.startedAt)).length;
}

/**
 * With CALL_BUDGET_REPORT=<file>, appends what a request cost as one JSON line, so a run can print the
 * measured round trips per endpoint. Without it, does nothing.
 */
export function noteBudget(label: string, calls: DynamoDbCallRecorder): void {
  const file = process.env.CALL_BUDGET_REPORT;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ label, roundTrips: calls.roundTrips, rounds: rounds(calls.calls), calls: calls.count })}\n`);
}
