import { DeleteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { indexes, tag as tagEntity, tagListPartitions, tagNameOf } from '#lib/db/entities';
import { counter, type Item, ItemKey } from '#lib/db/entity';

/** `GET /tags` lists up to this many of the most used tags, then up to this many of the most recently used. */
export const MOST_USED_LISTED = 100;
export const RECENTLY_USED_LISTED = 100;

/** A tag list's entry: the tag (named by its key) and its place in either list, its count and its last use (both projected). */
interface ListedTag {
  name: string;
  count: number;
  lastUsedAt: string;
}
const lastUse = z.optional(z.string());
const listedTag = (entry: Item): ListedTag => ({
  name: tagNameOf(ItemKey.parse(entry)),
  count: counter.parse(entry.articlesCount),
  lastUsedAt: lastUse.parse(entry[indexes.tagsByLastUse.sk]) ?? '',
});

const listed = (query: Omit<QueryCommandInput, 'TableName' | 'ScanIndexForward'>) =>
  db()
    .send(new QueryCommand({ TableName: table(), ScanIndexForward: false, ...query }))
    .then((result) => (result.Items ?? []).map(listedTag));

/** One partition's most used tags, most first (a count of 0 is no use). */
const mostUsedIn = (partition: string) =>
  listed({
    IndexName: indexes.tagsByUse.name,
    KeyConditionExpression: '#pk = :list AND #count > :zero',
    ExpressionAttributeNames: { '#pk': indexes.tagsByUse.pk, '#count': indexes.tagsByUse.sk },
    ExpressionAttributeValues: { ':list': partition, ':zero': 0 },
    Limit: MOST_USED_LISTED,
  });

/** One partition's most recently used tags, last first, unused ones (a count of 0) among them. */
const recentlyUsedIn = (partition: string) =>
  listed({
    IndexName: indexes.tagsByLastUse.name,
    KeyConditionExpression: '#pk = :list',
    ExpressionAttributeNames: { '#pk': indexes.tagsByLastUse.pk },
    ExpressionAttributeValues: { ':list': partition },
    Limit: RECENTLY_USED_LISTED,
  });

const descending = <T>(a: T, b: T) => (a < b ? 1 : a > b ? -1 : 0);

/** The first `limit` of a list read from all its partitions: each partition's first `limit` hold them all. Ties by name, so the answer is stable. */
const firstAcross = <K extends 'count' | 'lastUsedAt'>(partitions: ListedTag[][], order: K, limit: number) =>
  partitions
    .flat()
    .sort((a, b) => descending(a[order], b[order]) || descending(b.name, a.name))
    .slice(0, limit);

/**
 * Tags in use for the "popular tags" list: the most used first (most articles first), then the most recently
 * used that are not among them, so a tag just used always appears. Both lists are spread over the same index
 * partitions (tagListPartitions in entities.ts): all of them, in both indexes, are queried in one round.
 */
export async function tagsInUse(): Promise<string[]> {
  const [mostUsed, recentlyUsed] = await Promise.all([Promise.all(tagListPartitions.map(mostUsedIn)), Promise.all(tagListPartitions.map(recentlyUsedIn))]);
  // Unused tags are dropped after the most recent are taken, as when one partition's query filtered them.
  const recentInUse = firstAcross(recentlyUsed, 'lastUsedAt', RECENTLY_USED_LISTED).filter((tag) => tag.count > 0);
  return [...new Set([...firstAcross(mostUsed, 'count', MOST_USED_LISTED), ...recentInUse].map((tag) => tag.name))];
}

/** Deletes the tag's item if no article uses it any more; a concurrent new use keeps it. */
export async function forgetTagIfUnused(tag: string): Promise<void> {
  await conditionHeld(
    db().send(
      new DeleteCommand({
        TableName: table(),
        Key: tagEntity.key(tag),
        ConditionExpression: 'articlesCount <= :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    ),
  );
}
