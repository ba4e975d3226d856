import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { type Item, ItemKey, type Key } from '#lib/db/entity';
import { backoff, pause } from '#lib/pause';

/** The string a batch result is keyed by. */
export const keyString = (key: Key) => `${key.PK}\u0000${key.SK}`;

/**
 * The one batch loop: splits requests into chunks of `size` sent in parallel (one round trip), and sends
 * each chunk's unprocessed leftovers again with backoff until none are left.
 */
async function inChunks<R>(requests: R[], size: number, send: (chunk: R[]) => Promise<R[]>, operation: string): Promise<void> {
  const chunks: R[][] = [];
  for (let i = 0; i < requests.length; i += size) chunks.push(requests.slice(i, i + size));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await pause(backoff(attempt));
        pending = await send(pending);
        if (attempt > 8 && pending.length > 0) throw new Error(`${operation} kept returning unprocessed requests`);
      }
    }),
  );
}

/**
 * Fetches many items in one round trip: chunks of 100 (BatchGetItem's limit) are sent in parallel, and
 * throttled leftovers are retried with backoff. Duplicate keys are sent once. Missing items are absent
 * from the map, which is keyed by `keyString(key)`.
 */
export async function batchGet(keys: Key[]): Promise<Map<string, Item>> {
  const unique = [...new Map(keys.map(({ PK, SK }) => [keyString({ PK, SK }), { PK, SK }])).values()];
  const found = new Map<string, Item>();
  await inChunks(
    unique,
    100,
    async (chunk) => {
      const result = await db().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: chunk } } }));
      for (const item of result.Responses?.[table()] ?? []) found.set(keyString(ItemKey.parse(item)), item);
      return (result.UnprocessedKeys?.[table()]?.Keys ?? []).map((key) => ItemKey.parse(key));
    },
    'BatchGetItem',
  );
  return found;
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/** Writes or deletes many items, 25 per request (BatchWriteItem's limit), retrying unprocessed ones. */
export async function batchWrite(requests: ({ put: Item } | { delete: Key })[]): Promise<void> {
  await inChunks(
    requests.map(
      (request): WriteRequest =>
        'put' in request ? { PutRequest: { Item: request.put } } : { DeleteRequest: { Key: { PK: request.delete.PK, SK: request.delete.SK } } },
    ),
    25,
    async (chunk) => {
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [table()]: chunk } }));
      return (result.UnprocessedItems?.[table()] ?? []).flatMap((request): WriteRequest[] =>
        request.PutRequest?.Item
          ? [{ PutRequest: { Item: request.PutRequest.Item } }]
          : request.DeleteRequest?.Key
            ? [{ DeleteRequest: { Key: ItemKey.parse(request.DeleteRequest.Key) } }]
            : [],
      );
    },
    'BatchWriteItem',
  );
}
