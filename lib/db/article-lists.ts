import * as z from 'zod/mini';
import type { ArticleRef } from '#lib/db/article-views';
import { readCounter } from '#lib/db/counters';
import { articleStats, indexes, tag, user } from '#lib/db/entities';
import type { Item, Key } from '#lib/db/entity';
import { type Continuation, queryItems, queryPage } from '#lib/db/paging';

export type ArticleFilter = { by: 'all' } | { by: 'tag'; tag: string } | { by: 'author'; authorId: string } | { by: 'favorited'; userId: string };

export interface Page {
  limit: number;
  offset: number;
}

export interface RefPage {
  refs: ArticleRef[];
  total: number;
}

type ArticleList = { name: string; pk: string; sk: string; sortKeyOf: (entry: Item) => string };

/** Where a filter's list is kept (an index list whose sort key is the article id) and the counter that totals it. */
function listOf(filter: ArticleFilter): { list: ArticleList; partition: string; total: [Key, string] } {
  switch (filter.by) {
    case 'all':
      return { list: indexes.allArticles, partition: indexes.allArticles.value(), total: [articleStats.key(), 'articlesCount'] };
    case 'tag':
      return { list: indexes.articlesByTag, partition: indexes.articlesByTag.value(filter.tag), total: [tag.key(filter.tag), 'articlesCount'] };
    case 'author':
      return {
        list: indexes.articlesByAuthor,
        partition: indexes.articlesByAuthor.value(filter.authorId),
        total: [user.key(filter.authorId), 'articlesCount'],
      };
    case 'favorited':
      return { list: indexes.favoritesOfUser, partition: indexes.favoritesOfUser.value(filter.userId), total: [user.key(filter.userId), 'favoritesCount'] };
  }
}

const projectedAuthor = z.object({ authorId: z.string() });

/** An article list's index entry as a reference: the sort key is the article id; every list projects the author. */
const refOf =
  (list: { sortKeyOf: (entry: Item) => string }) =>
  (entry: Item): ArticleRef => ({
    articleId: list.sortKeyOf(entry),
    authorId: projectedAuthor.parse(entry).authorId,
  });

/**
 * One round trip: the page's index entries and the maintained total, read in parallel. DynamoDB has no
 * offset, so the first `offset + limit` entries are read, newest first, and the last `limit` kept; they
 * are index entries of a few dozen bytes (keys and `authorId`), so page N costs about (N + 1) * limit *
 * 100 bytes of reads plus one BatchGetItem for the page itself.
 */
export async function articleRefPage(filter: ArticleFilter, page: Page): Promise<RefPage> {
  const { list, partition, total } = listOf(filter);
  const [entries, count] = await Promise.all([queryItems({ index: list, partition, newestFirst: true }, page.offset + page.limit), readCounter(...total)]);
  return { refs: entries.slice(page.offset).map(refOf(list)), total: count };
}

/** An author's article ids, newest first, a page at a time. */
export async function authorArticlePage(authorId: string, size: number, startKey?: Continuation): Promise<{ ids: string[]; next: Continuation }> {
  const page = await queryPage({ index: indexes.articlesByAuthor, partition: indexes.articlesByAuthor.value(authorId), newestFirst: true }, size, startKey);
  return { ids: page.items.map(indexes.articlesByAuthor.sortKeyOf), next: page.next };
}
