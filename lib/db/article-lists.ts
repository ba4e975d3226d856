import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleRef } from '#lib/db/article-views';
import { readCounter } from '#lib/db/counters';
import { feedProgress } from '#lib/db/feed';
import { type PendingDelivery, pendingDeliveries } from '#lib/events/outbox';
import { db, TABLE } from '#lib/db/client';
import { articleIdOf, indexes, keys, partitions } from '#lib/db/keys';

export type ArticleFilter =
  | { by: 'all' }
  | { by: 'tag'; tag: string }
  | { by: 'author'; authorId: string }
  | { by: 'favorited'; userId: string };

export interface Page {
  limit: number;
  offset: number;
}

export interface RefPage {
  refs: ArticleRef[];
  total: number;
}

/**
 * Reads the first `offset + limit` entries of a partition, newest first; the caller keeps the last `limit`.
 * DynamoDB has no offset, so the skipped entries are read too; they are index entries of a few dozen
 * bytes (keys and `authorId`), so page N costs about (N + 1) * limit * 100 bytes of reads plus one
 * BatchGetItem for the page itself.
 */
async function newestEntries(query: { index?: string; pkName: string; pkValue: string; skPrefix?: string }, page: Page) {
  const wanted = page.offset + page.limit;
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: query.index,
        KeyConditionExpression: query.skPrefix ? '#pk = :pk AND begins_with(SK, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': query.pkName },
        ExpressionAttributeValues: { ':pk': query.pkValue, ...(query.skPrefix && { ':prefix': query.skPrefix }) },
        ScanIndexForward: false,
        Limit: wanted - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < wanted);
  return items;
}

const listSources = {
  all: () => ({ index: indexes.allArticles, pkValue: indexes.allArticles.value(), count: [keys.articleStats(), 'articlesCount'] as const }),
  tag: (f: { tag: string }) => ({ index: indexes.articlesByTag, pkValue: indexes.articlesByTag.value(f.tag), count: [keys.tag(f.tag), 'articlesCount'] as const }),
  author: (f: { authorId: string }) => ({ index: indexes.articlesByAuthor, pkValue: indexes.articlesByAuthor.value(f.authorId), count: [keys.user(f.authorId), 'articlesCount'] as const }),
  favorited: (f: { userId: string }) => ({ index: indexes.favoritesOfUser, pkValue: indexes.favoritesOfUser.value(f.userId), count: [keys.user(f.userId), 'favoritesCount'] as const }),
};

/** One round trip: the page's index entries and the maintained total, read in parallel. */
export async function articleRefPage(filter: ArticleFilter, page: Page): Promise<RefPage> {
  const source =
    filter.by === 'all' ? listSources.all() : filter.by === 'tag' ? listSources.tag(filter) : filter.by === 'author' ? listSources.author(filter) : listSources.favorited(filter);
  const [entries, total] = await Promise.all([
    newestEntries({ index: source.index.name, pkName: source.index.pk, pkValue: source.pkValue }, page),
    readCounter(source.count[0], source.count[1]),
  ]);
  const refs = entries.slice(page.offset).map((entry) => ({ articleId: entry[source.index.sk] as string, authorId: entry.authorId as string }));
  return { refs, total };
}

/**
 * Publications whose fan-out may not have finished: normally a handful. 99 at most, so their feed entries
 * and the feed count fit in one TransactGetItems (100 keys).
 */
const RECENT_PUBLICATIONS_CHECKED = 99;

/**
 * Two round trips (the page's BatchGetItem is the third): first the publications whose fan-out is still
 * pending; then the reader's feed entries (written by the fan-out consumer), the follow edges of
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
  const publications = pendingPublications(await pendingDeliveries('feed', { limit: RECENT_PUBLICATIONS_CHECKED, newestFirst: true }));
  const [entries, progress] = await Promise.all([
    newestEntries({ pkName: 'PK', pkValue: partitions.feed(readerId), skPrefix: partitions.feedItemPrefix }, page),
    feedProgress(readerId, publications),
  ]);
  const materialized: ArticleRef[] = entries.map((entry) => ({ articleId: articleIdOf(entry.SK as string), authorId: entry.authorId as string }));
  // Union then sort: the partition's first offset + limit entries together with the followed publications
  // hold the first offset + limit articles of the whole feed, whichever of them the fan-out has reached.
  const merged = [...new Map([...materialized, ...progress.followed].map((ref) => [ref.articleId, ref])).values()].sort((a, b) =>
    a.articleId < b.articleId ? 1 : -1,
  );
  return { refs: merged.slice(page.offset, page.offset + page.limit), total: progress.count + progress.notYetIn.length };
}

/** Published articles among pending deliveries, leaving out those whose deletion is pending too. */
function pendingPublications(pending: PendingDelivery[]): ArticleRef[] {
  const deleted = new Set(pending.flatMap((delivery) => (delivery.eventType === 'ArticleDeleted' ? [delivery.articleId] : [])));
  return pending.flatMap((delivery) =>
    delivery.eventType === 'ArticlePublished' && delivery.articleId && !deleted.has(delivery.articleId)
      ? [{ articleId: delivery.articleId, authorId: delivery.authorId }]
      : [],
  );
}
