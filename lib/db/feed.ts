import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleRef } from '#lib/db/article-views';
import { batchGet, keyString } from '#lib/db/batch';
import { db, TABLE } from '#lib/db/client';
import { indexes, keys, partitions } from '#lib/db/keys';
import { failedConditions, type TransactItem } from '#lib/db/transactions';

/** A feed entry: `articleId` by `authorId` in `readerId`'s feed. */
export interface FeedEntry {
  readerId: string;
  articleId: string;
  authorId: string;
}

/**
 * Adding an entry is guarded: the reader must still follow the author and the article must still exist
 * when the entry is written, so a fan-out racing an unfollow or a delete leaves nothing behind. The
 * count moves with the entry, so re-delivered work never counts twice.
 */
const addEntry = (entry: FeedEntry): TransactItem[] => [
  { ConditionCheck: { TableName: TABLE, Key: keys.follow(entry.readerId, entry.authorId), ConditionExpression: 'attribute_exists(PK)' } },
  { ConditionCheck: { TableName: TABLE, Key: keys.article(entry.articleId), ConditionExpression: 'attribute_exists(PK)' } },
  {
    Put: {
      TableName: TABLE,
      Item: { ...keys.feedItem(entry.readerId, entry.articleId), authorId: entry.authorId },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  { Update: { TableName: TABLE, Key: keys.feedCount(entry.readerId), UpdateExpression: 'ADD feedCount :one', ExpressionAttributeValues: { ':one': 1 } } },
];

const removeEntry = (entry: FeedEntry): TransactItem[] => [
  { Delete: { TableName: TABLE, Key: keys.feedItem(entry.readerId, entry.articleId), ConditionExpression: 'attribute_exists(PK)' } },
  { Update: { TableName: TABLE, Key: keys.feedCount(entry.readerId), UpdateExpression: 'ADD feedCount :minus', ExpressionAttributeValues: { ':minus': -1 } } },
];

/** After an unfollow: removes the entry only if the reader has not followed the author again since. */
const removeEntryUnlessFollowing = (entry: FeedEntry): TransactItem[] => [
  { ConditionCheck: { TableName: TABLE, Key: keys.follow(entry.readerId, entry.authorId), ConditionExpression: 'attribute_not_exists(PK)' } },
  ...removeEntry(entry),
];

/**
 * Applies entries in transactions of up to 100 items. A chunk whose condition fails (an entry already
 * there, a follow or article gone) is retried entry by entry, and entries whose own condition fails are
 * skipped: that is the idempotence. Returns how many entries changed.
 */
async function applyEntries(entries: FeedEntry[], itemsFor: (entry: FeedEntry) => TransactItem[]): Promise<number> {
  if (entries.length === 0) return 0;
  const perEntry = itemsFor(entries[0]!).length;
  const chunkSize = Math.floor(100 / perEntry);
  let changed = 0;
  for (let i = 0; i < entries.length; i += chunkSize) {
    const chunk = entries.slice(i, i + chunkSize);
    try {
      await db.send(new TransactWriteCommand({ TransactItems: chunk.flatMap(itemsFor) }));
      changed += chunk.length;
    } catch (error) {
      if (failedConditions(error).length === 0) throw error;
      for (const entry of chunk) {
        try {
          await db.send(new TransactWriteCommand({ TransactItems: itemsFor(entry) }));
          changed += 1;
        } catch (entryError) {
          if (failedConditions(entryError).length === 0) throw entryError;
        }
      }
    }
  }
  return changed;
}

export const addFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, addEntry);
export const removeFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, removeEntry);
export const removeUnfollowedFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, removeEntryUnlessFollowing);

/** A page of ids from a query, and where the next page starts (undefined at the end). */
export interface IdPage {
  ids: string[];
  next?: Record<string, unknown>;
}

/** Followers of an author, a page at a time (GSI1, keys only). */
export async function followerPage(authorId: string, pageSize: number, startKey?: Record<string, unknown>): Promise<IdPage> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: indexes.followersOf.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.followersOf.pk },
      ExpressionAttributeValues: { ':pk': indexes.followersOf.value(authorId) },
      Limit: pageSize,
      ExclusiveStartKey: startKey,
    }),
  );
  return { ids: (result.Items ?? []).map((item) => item[indexes.followersOf.sk] as string), next: result.LastEvaluatedKey };
}

/** An author's article ids, newest first, a page at a time (GSI2, keys only). */
export async function authorArticlePage(authorId: string, pageSize: number, startKey?: Record<string, unknown>): Promise<IdPage> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: indexes.articlesByAuthor.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.articlesByAuthor.pk },
      ExpressionAttributeValues: { ':pk': indexes.articlesByAuthor.value(authorId) },
      ScanIndexForward: false,
      Limit: pageSize,
      ExclusiveStartKey: startKey,
    }),
  );
  return { ids: (result.Items ?? []).map((item) => item[indexes.articlesByAuthor.sk] as string), next: result.LastEvaluatedKey };
}

/** Keys of every item left in an article's partition after the article itself is gone. */
export async function articlePartitionPage(articleId: string, startKey?: Record<string, unknown>) {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partitions.articleItems(articleId) },
      ProjectionExpression: 'PK, SK, userId',
      Limit: 500,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: result.Items ?? [], next: result.LastEvaluatedKey };
}

/** One BatchGetItem: of these articles, those by authors the reader follows that are not yet in the feed. */
export async function feedEntriesStillMissing(readerId: string, articles: ArticleRef[]): Promise<ArticleRef[]> {
  if (articles.length === 0) return [];
  const found = await batchGet(articles.flatMap((ref) => [keys.follow(readerId, ref.authorId), keys.feedItem(readerId, ref.articleId)]));
  return articles.filter(
    (ref) => found.has(keyString(keys.follow(readerId, ref.authorId))) && !found.has(keyString(keys.feedItem(readerId, ref.articleId))),
  );
}
