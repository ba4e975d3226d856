import { randomInt } from 'node:crypto';
import type { Page, RefPage } from '#lib/db/article-lists';
import type { ArticleRef } from '#lib/db/article-views';
import { batchGet, keyString } from '#lib/db/batch';
import { table } from '#lib/db/client';
import { counterChange, readCounter } from '#lib/db/counters';
import {
  article,
  type FeedEntry,
  feedCount,
  feedEntries,
  feedEntry,
  follow,
  indexes,
  PENDING_REPLICAS,
  pendingPublication,
  pendingPublications,
} from '#lib/db/entities';
import { counter } from '#lib/db/entity';
import { type Continuation, queryItems, queryPage } from '#lib/db/paging';
import { conditionFailed, type TransactPart, transactGet, transactWrite } from '#lib/db/transactions';

export type { FeedEntry } from '#lib/db/entities';

type FeedChange = 'add' | 'remove' | 'removeUnlessFollowing';

const followCheck = (entry: FeedEntry, mustExist: boolean): TransactPart => [
  `follow ${entry.readerId} ${entry.authorId}`,
  {
    ConditionCheck: {
      TableName: table(),
      Key: follow.key(entry.readerId, entry.authorId),
      ConditionExpression: mustExist ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)',
    },
  },
];

/**
 * The transaction parts for a set of entries. Adding is guarded: the reader must still follow the author
 * and the article must still exist, so a fan-out racing an unfollow or a delete leaves nothing behind;
 * removing after an unfollow is guarded by the reader not having followed again since. Counts move with
 * the entries, one update per reader, so re-delivered work never counts twice. DynamoDB allows one
 * operation per item in a transaction, so shared guards and counters appear once.
 */
function transactionParts(entries: FeedEntry[], change: FeedChange): TransactPart[] {
  const guards = new Map<string, TransactPart>();
  const counts = new Map<string, number>();
  const writes: TransactPart[] = [];
  for (const entry of entries) {
    const name = `entry ${entry.readerId} ${entry.articleId}`;
    if (change === 'add') {
      const [followName, followGuard] = followCheck(entry, true);
      guards.set(followName, [followName, followGuard]);
      guards.set(`article ${entry.articleId}`, [
        `article ${entry.articleId}`,
        { ConditionCheck: { TableName: table(), Key: article.key(entry.articleId), ConditionExpression: 'attribute_exists(PK)' } },
      ]);
      writes.push([name, { Put: { TableName: table(), Item: feedEntry.item(entry), ConditionExpression: 'attribute_not_exists(PK)' } }]);
    } else {
      if (change === 'removeUnlessFollowing') {
        const guard = followCheck(entry, false);
        guards.set(guard[0], guard);
      }
      writes.push([name, { Delete: { TableName: table(), Key: feedEntry.key(entry.readerId, entry.articleId), ConditionExpression: 'attribute_exists(PK)' } }]);
    }
    counts.set(entry.readerId, (counts.get(entry.readerId) ?? 0) + (change === 'add' ? 1 : -1));
  }
  const countUpdates = [...counts].map(
    ([readerId, delta]): TransactPart => [`count ${readerId}`, counterChange(feedCount, feedCount.key(readerId), 'feedCount', delta)],
  );
  return [...guards.values(), ...writes, ...countUpdates];
}

/** Splits entries into groups whose transactions stay within DynamoDB's 100 items. */
function transactionChunks(entries: FeedEntry[], change: FeedChange): FeedEntry[][] {
  const chunks: FeedEntry[][] = [];
  let current: FeedEntry[] = [];
  for (const entry of entries) {
    if (current.length > 0 && transactionParts([...current, entry], change).length > 100) {
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
      await transactWrite(transactionParts(chunk, change));
      changed += chunk.length;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      for (const entry of chunk) {
        try {
          await transactWrite(transactionParts([entry], change));
          changed += 1;
        } catch (entryError) {
          if (!conditionFailed(entryError)) throw entryError;
        }
      }
    }
  }
  return changed;
}

export const addFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'add');
export const removeFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'remove');
export const removeUnfollowedFeedEntries = (entries: FeedEntry[]) => applyEntries(entries, 'removeUnlessFollowing');

/** Readers whose feeds hold an article, a page at a time (keys only). */
export async function readersWithArticlePage(articleId: string, size: number, startKey?: Continuation): Promise<{ ids: string[]; next: Continuation }> {
  const page = await queryPage({ index: indexes.feedsWithArticle, partition: indexes.feedsWithArticle.value(articleId) }, size, startKey);
  return { ids: page.items.map(indexes.feedsWithArticle.sortKeyOf), next: page.next };
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
    return { count: await readCounter(feedCount.key(readerId), 'feedCount'), followed: [], notYetIn: [] };
  }
  const [edges, [countItem, ...entries]] = await Promise.all([
    batchGet(publications.map((ref) => follow.key(readerId, ref.authorId))),
    transactGet([feedCount.key(readerId), ...publications.map((ref) => feedEntry.key(readerId, ref.articleId))]),
  ]);
  const isFollowed = (ref: ArticleRef) => edges.has(keyString(follow.key(readerId, ref.authorId)));
  return {
    count: counter.parse(countItem?.feedCount),
    followed: publications.filter(isFollowed),
    notYetIn: publications.filter((ref, index) => isFollowed(ref) && !entries[index]),
  };
}

/**
 * Publications whose fan-out may not have finished: normally a handful. 99 at most, so their feed entries
 * and the feed count fit in one TransactGetItems (100 keys).
 */
const RECENT_PUBLICATIONS_CHECKED = 99;

/**
 * Two round trips (the page's BatchGetItem is the third): first the publications whose fan-out is still
 * pending (from one of the list's copies, at random: entities.ts, `pendingPublication`); then the reader's feed entries (written by the fan-out consumer), the follow edges of
 * those publications' authors, and a snapshot of the feed count with their entries. Merging the followed
 * publications in gives read-your-writes: an article is in its followers' feeds as soon as it is created,
 * not only once the queue has delivered it.
 *
 * The order matters. The fan-out writes a reader's entry before it settles its delivery, so an article
 * settled before the first read is in the partition when the second reads it, and one still pending is
 * merged in whatever the second read finds; reading both at once would miss an article whose fan-out
 * ran in between.
 */
export async function feedRefPage(readerId: string, page: Page): Promise<RefPage> {
  const publications = publishedNotDeleted(
    (await queryItems({ partition: pendingPublications.partition(randomInt(PENDING_REPLICAS)), newestFirst: true }, RECENT_PUBLICATIONS_CHECKED)).map(
      pendingPublication.decode,
    ),
  );
  const [entries, progress] = await Promise.all([
    queryItems({ partition: feedEntries.partition(readerId), sortKeyPrefix: feedEntries.prefix, newestFirst: true }, page.offset + page.limit),
    feedProgress(readerId, publications),
  ]);
  const materialized = entries.map((item): ArticleRef => {
    const { articleId, authorId } = feedEntry.decode(item);
    return { articleId, authorId };
  });
  // Union then sort: the partition's first offset + limit entries together with the followed publications
  // hold the first offset + limit articles of the whole feed, whichever of them the fan-out has reached.
  const merged = [...new Map([...materialized, ...progress.followed].map((ref) => [ref.articleId, ref])).values()].sort((a, b) =>
    a.articleId < b.articleId ? 1 : -1,
  );
  return { refs: merged.slice(page.offset, page.offset + page.limit), total: progress.count + progress.notYetIn.length };
}

/** Published articles among pending feed deliveries, leaving out those whose deletion is pending too. */
function publishedNotDeleted(pending: { eventType: string; articleId: string; authorId: string }[]): ArticleRef[] {
  const deleted = new Set(pending.flatMap((delivery) => (delivery.eventType === 'ArticleDeleted' ? [delivery.articleId] : [])));
  return pending.flatMap((delivery) =>
    delivery.eventType === 'ArticlePublished' && !deleted.has(delivery.articleId) ? [{ articleId: delivery.articleId, authorId: delivery.authorId }] : [],
  );
}
