import { authorArticlePage } from '#lib/db/article-lists';
import { addFeedEntries, readersWithArticlePage, removeFeedEntries, removeUnfollowedFeedEntries } from '#lib/db/feed';
import { followerPage } from '#lib/db/follows';
import type { Continuation } from '#lib/db/paging';
import { MetricUnit, metrics } from '#lib/powertools';

// Each job does one bounded step and returns where the next step starts, or undefined when done, so a
// queue consumer can hand the rest to a new message instead of running past its timeout.

/** Followers handled per step: one query page and a few transactions. */
export const FOLLOWERS_PER_STEP = 500;
export const ARTICLES_PER_STEP = 200;

/** Puts a new article into its author's followers' feeds. */
export async function fanOutArticleStep(article: { articleId: string; authorId: string }, from?: Continuation): Promise<Continuation> {
  const page = await followerPage(article.authorId, FOLLOWERS_PER_STEP, from);
  await addFeedEntries(page.ids.map((readerId) => ({ readerId, articleId: article.articleId, authorId: article.authorId })));
  // Published with the consumer's metrics for this record (lib/queue/consumer.ts).
  metrics.addMetric('FanOutSize', MetricUnit.Count, page.ids.length);
  return page.next;
}

/** Takes a deleted article out of every feed it is in (followers then or since unfollowed alike). */
export async function unpublishArticleStep(article: { articleId: string; authorId: string }, from?: Continuation): Promise<Continuation> {
  const page = await readersWithArticlePage(article.articleId, FOLLOWERS_PER_STEP, from);
  await removeFeedEntries(page.ids.map((readerId) => ({ readerId, articleId: article.articleId, authorId: article.authorId })));
  return page.next;
}

/** After a follow: the author's existing articles join the reader's feed. */
export async function backfillFeedStep(readerId: string, authorId: string, from?: Continuation): Promise<Continuation> {
  const page = await authorArticlePage(authorId, ARTICLES_PER_STEP, from);
  await addFeedEntries(page.ids.map((articleId) => ({ readerId, articleId, authorId })));
  return page.next;
}

/** After an unfollow: the author's articles leave the reader's feed. */
export async function pruneFeedStep(readerId: string, authorId: string, from?: Continuation): Promise<Continuation> {
  const page = await authorArticlePage(authorId, ARTICLES_PER_STEP, from);
  await removeUnfollowedFeedEntries(page.ids.map((articleId) => ({ readerId, articleId, authorId })));
  return page.next;
}
