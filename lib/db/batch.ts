import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import type { Key } from '#lib/db/keys';

type Item = Record<string, unknown>;
const keyOf = (key: Key) => `${key.PK}\u0000${key.SK}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fetches many items in one round trip: chunks of 100 (BatchGetItem's limit) are sent in parallel, and
 * throttled leftovers are retried with backoff. Duplicate keys are sent once. Missing items are absent
 * from the map, which is keyed by `keyString(key)`.
 */
export async function batchGet(keys: Key[]): Promise<Map<string, Item>> {
  const unique = [...new Map(keys.map((key) => [keyOf(key), key])).values()];
  const found = new Map<string, Item>();
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk.map(({ PK, SK }) => ({ PK, SK }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
        const result = await db.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: pending } } }));
        for (const item of result.Responses?.[TABLE] ?? []) found.set(keyOf(item as Key), item);
        pending = (result.UnprocessedKeys?.[TABLE]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (attempt > 8 && pending.length > 0) throw new Error('BatchGetItem kept returning unprocessed keys');
      }
    }),
  );
  return found;
}

export const keyString = keyOf;

/** Writes or deletes many items, 25 per request (BatchWriteItem's limit), retrying unprocessed ones. */
export async function batchWrite(requests: ({ put: Item } | { delete: Key })[]): Promise<void> {
  const chunks: typeof requests[] = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk.map((request) =>
        'put' in request ? { PutRequest: { Item: request.put } } : { DeleteRequest: { Key: { PK: request.delete.PK, SK: request.delete.SK } } },
      );
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
        pending = (result.UnprocessedItems?.[TABLE] as typeof pending | undefined) ?? [];
        if (attempt > 8 && pending.length > 0) throw new Error('BatchWriteItem kept returning unprocessed items');
      }
    }),
  );
}
