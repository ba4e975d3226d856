import { db } from '#lib/db/client';
import { countRoundTrips, type TimedCall } from './round-trips.ts';

export interface DynamoDbCall extends TimedCall {
  /** The DynamoDB operation, e.g. `GetItem`, `Query`, `TransactWriteItems`. */
  operation: string;
  /** The item a single-item call names, as `PK|SK`. */
  key?: string;
  /** The partition a Query reads (its `:pk` value). */
  partition?: string;
}

const partitionOf = (input: unknown): string | undefined => {
  const values = typeof input === 'object' && input !== null && 'ExpressionAttributeValues' in input ? input.ExpressionAttributeValues : undefined;
  return typeof values === 'object' && values !== null && ':pk' in values ? String(values[':pk']) : undefined;
};

const keyOf = (input: unknown): string | undefined => {
  const key = typeof input === 'object' && input !== null && 'Key' in input ? input.Key : undefined;
  return typeof key === 'object' && key !== null && 'PK' in key && 'SK' in key ? `${String(key.PK)}|${String(key.SK)}` : undefined;
};

export interface DynamoDbCallRecorder {
  readonly calls: readonly DynamoDbCall[];
  readonly count: number;
  /** Sequential round trips: calls sent concurrently count once. */
  readonly roundTrips: number;
  readonly operations: string[];
  /** Calls of one operation, e.g. `count('Scan')` to prove there is none. */
  countOf(operation: string): number;
  clear(): void;
  /** Removes the middleware; the recorder keeps what it recorded. */
  stop(): void;
}

let recorders = 0;

/**
 * Records every call the shared document client (`db` from lib/db/client.ts) sends from now until stop(),
 * with when it started and finished, so a test can assert how many calls and round trips a handler makes.
 */
export function recordDynamoDbCalls(): DynamoDbCallRecorder {
  const calls: DynamoDbCall[] = [];
  const name = `test-dynamodb-call-recorder-${++recorders}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const startedAt = performance.now();
      try {
        return await next(args);
      } finally {
        // The document client's commands wrap the low-level ones; their names are the operation plus "Command".
        const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
        calls.push({ operation, startedAt, endedAt: performance.now(), key: keyOf(args.input), partition: partitionOf(args.input) });
      }
    },
    // initialize: outermost, so retries and serialization count as part of the one call.
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get calls() {
      return calls;
    },
    get count() {
      return calls.length;
    },
    get roundTrips() {
      return countRoundTrips(calls);
    },
    get operations() {
      return [...calls].sort((a, b) => a.startedAt - b.startedAt).map((call) => call.operation);
    },
    countOf: (operation) => calls.filter((call) => call.operation === operation).length,
    clear: () => {
      calls.length = 0;
    },
    stop: () => {
      db().middlewareStack.remove(name);
    },
  };
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number };

/**
 * Runs `action` and sums the read units DynamoDB reports for every read the shared client sends meanwhile (it
 * asks for `ReturnConsumedCapacity: TOTAL` on the caller's behalf; DynamoDB Local reports units as DynamoDB
 * bills them: per item for gets, per 4 KB of items read for a query).
 */
export async function readUnitsOf<T>(action: () => Promise<T>): Promise<{ result: T; readUnits: number }> {
  let readUnits = 0;
  const name = `test-read-units-${++recorders}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      if (!READS.has(operation)) return next(args);
      const input = args.input as Record<string, unknown>;
      const output = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
      const consumed = (output.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const entry of [consumed ?? []].flat()) readUnits += entry.ReadCapacityUnits ?? entry.CapacityUnits ?? 0;
      return output;
    },
    { step: 'initialize', name, priority: 'high' },
  );
  try {
    return { result: await action(), readUnits };
  } finally {
    db().middlewareStack.remove(name);
  }
}
