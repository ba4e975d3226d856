import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleRef } from '#lib/db/article-views';
import { batchGet, keyString } from '#lib/db/batch';
import { db, TABLE } from '#lib/db/client';
import { counterOf, readCounter } from '#lib/db/counters';
import { indexes, keys, partitions } from '#lib/db/keys';
import { failedConditions, type TransactItem, transactGet, transactWrite } from '#lib/db/transactions';

/** A feed entry: `articleId` by `authorId` in `readerId`'s feed. */
export interface FeedEntry {
  readerId: string;
  articleId: string;
  authorId: string;
}

type FeedChange = 'add' | 'remove' | 'removeUnlessFollowing';

const followCheck = (entry: FeedEntry, mustExist: boolean): TransactItem => ({
  ConditionCheck: {
    TableName: TABLE,
    Key: keys.follow(entry.readerId, entry.authorId),
    ConditionExpression: mustExist ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)',
  },
});

/**
 * The transaction items for a set of entries. Adding is guarded: the reader must still follow the author
 * and the article must still exist, so a fan-out racing an unfollow or a delete leaves nothing behind;
 * removing after an unfollow is guarded by the reader not having followed again since. Counts move with
 * the entries, one update per reader, so re-delivered work never counts twice. DynamoDB allows one
 * operation per item in a transaction, so shared guards and counters appear once.
 */
function transactionItems(entries: FeedEntry[], change: FeedChange): TransactItem[] {
  const guards = new Map<string, TransactItem>();
  const counts = new Map<string, number>();
  const writes: TransactItem[] = [];
  for (const entry of entries) {
    const feedItem = keys.feedItem(entry.readerId, entry.articleId);
    if (change === 'add') {
      guards.set(`F${entry.readerId}|${entry.authorId}`, followCheck(entry, true));
      guards.set(`A${entry.articleId}`, {
        ConditionCheck: { TableName: TABLE, Key: keys.article(entry.articleId), ConditionExpression: 'attribute_exists(PK)' },
      });
      // Indexed by article too, so a delete finds every feed the article is in, followers or not.
      const byArticle = {
        [indexes.feedsWithArticle.pk]: indexes.feedsWithArticle.value(entry.articleId),
        [indexes.feedsWithArticle.sk]: entry.readerId,
      };
      writes.push({
        Put: { TableName: TABLE, Item: { ...feedItem, ...byArticle, authorId: entry.authorId }, ConditionExpression: 'attribute_not_exists(PK)' },
      });
    } else {
      if (change === 'removeUnlessFollowing') guards.set(`F${entry.readerId}|${entry.authorId}`, followCheck(entry, false));
      writes.push({ Delete: { TableName: TABLE, Key: feedItem, ConditionExpression: 'attribute_exists(PK)' } });
    }
    counts.set(entry.readerId, (counts.get(entry.readerId) ?? 0) + (change === 'add' ? 1 : -1));
  }
  const countUpdates = [...counts].map(([readerId, delta]): TransactItem => ({
    Update: {
      TableName: TABLE,
      Key: keys.feedCount(readerId),
      UpdateExpression: 'ADD feedCount :delta',
      ExpressionAttributeValues: { ':delta': delta },
    },
  }));
  return [...guards.values(), ...writes, ...countUpdates];
}

/** Splits entries into groups whose transactions stay within DynamoDB's 100 items. */
function transactionChunks(entries: FeedEntry[], change: FeedChange): FeedEntry[][] {
  const chunks: FeedEntry[][] = [];
  let current: FeedEntry[] = [];
  for (const entry of entries) {
    if (current.length > 0 && transactionItems([...current, entry], change).length > 100) {
      chunks.push(current);
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Applies entries a transaction per chunk. A chunk whose condition fails (an entry already there, a
 * follow or article gone) is retried entry by entry, and entries whose own condition fails are skipped:
 * that is the idempotence. Returns how many entries changed.
 */
async function applyEntries(entries: FeedEntry[], change: FeedChange): Promise<number> {
  let changed = 0;
  for (const chunk of transactionChunks(entries, change)) {
    try {
      await transactWrite(transactionItems(chunk, change));
      changed += chunk.length;
    } catch (error) {
      if (failedConditions(error).length === 0) throw error;
      for (const entry of chunk) {
        try {
          await transactWrite(transactionItems([entry], change));
          changed += 1;
        } catch (entryError) {
          if (failedConditions(entryError).length === 0) throw entryError;
        }
      }
    }
  }
  return changed;
}

export const addFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'add');
export const removeFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'remove');
export const removeUnfollowedFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'removeUnlessFollowing');

/** A page of ids from a query, and where the next page starts (undefined at the end). */
export interface IdPage {
  ids: string[];
  next?: Record<string, unknown>;
}

/** The sort-key values of one index partition, a page at a time (keys only). */
async function indexSortKeyPage(
  index: { name: string; pk: string; sk: string },
  partition: string,
  page: { size: number; startKey?: Record<string, unknown>; newestFirst: boolean },
): Promise<IdPage> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: !page.newestFirst,
      Limit: page.size,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return { ids: (result.Items ?? []).map((item) => item[index.sk] as string), next: result.LastEvaluatedKey };
}

/** Followers of an author, a page at a time. */
export const followerPage = (authorId: string, size: number, startKey?: Record<string, unknown>) =>
  indexSortKeyPage(indexes.followersOf, indexes.followersOf.value(authorId), { size, startKey, newestFirst: false });

/** Readers whose feeds hold an article, a page at a time. */
export const readersWithArticlePage = (articleId: string, size: number, startKey?: Record<string, unknown>) =>
  indexSortKeyPage(indexes.feedsWithArticle, indexes.feedsWithArticle.value(articleId), { size, startKey, newestFirst: false });

/** An author's article ids, newest first, a page at a time. */
export const authorArticlePage = (authorId: string, size: number, startKey?: Record<string, unknown>) =>
  indexSortKeyPage(indexes.articlesByAuthor, indexes.articlesByAuthor.value(authorId), { size, startKey, newestFirst: true });

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

/** Where a reader's feed stands against publications whose fan-out may not have reached it. */
export interface FeedProgress {
  /** Entries in the reader's feed partition. */
  count: number;
  /** The publications by authors the reader follows. */
  followed: ArticleRef[];
  /** Of those, the ones not in the partition yet, so not in `count` either. */
  notYetIn: ArticleRef[];
}

/**
 * One round trip: the follow edges of the publications' authors, and the reader's feed count with the
 * publications' feed entries from one TransactGetItems. The fan-out writes an entry and the count in one
 * transaction, so a snapshot never counts an entry it doesn't see or sees one it doesn't count. With no
 * publications it is one GetItem. At most 99 publications (TransactGetItems takes 100 keys).
 */
export async function feedProgress(readerId: string, publications: ArticleRef[]): Promise<FeedProgress> {
  if (publications.length === 0) {
    return { count: await readCounter(keys.feedCount(readerId), 'feedCount'), followed: [], notYetIn: [] };
  }
  const [edges, [countItem, ...entries]] = await Promise.all([
    batchGet(publications.map((ref) => keys.follow(readerId, ref.authorId))),
    transactGet([keys.feedCount(readerId), ...publications.map((ref) => keys.feedItem(readerId, ref.articleId))]),
  ]);
  const isFollowed = (ref: ArticleRef) => edges.has(keyString(keys.follow(readerId, ref.authorId)));
  return {
    count: counterOf(countItem, 'feedCount'),
    followed: publications.filter(isFollowed),
    notYetIn: publications.filter((ref, index) => isFollowed(ref) && !entries[index]),
  };
}
