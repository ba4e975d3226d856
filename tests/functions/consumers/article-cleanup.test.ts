import { describe, expect, it } from 'vitest';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { articlePartitionPage } from '#lib/db/feed';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver, outboxMessages, sqsEvent } from '../support/queue.ts';

const favoritedCount = async (username: string) => (await request('GET /api/articles', { query: { favorited: username } })).body.articlesCount as number;

describe('the article clean-up consumer', () => {
  it("lowers each favoriter's count once when an ArticleDeleted message is delivered twice", async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const kept = await createArticle(author.token);
    const deleted = await createArticle(author.token);
    for (const slug of [kept.slug, deleted.slug]) await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug } });
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: deleted.slug } });
    const articleId = articleIdOf(deleted.slug);
    const messages = await deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);
    const again = await articleCleanup(sqsEvent(messages));
    expect(again.batchItemFailures).toEqual([]);
    expect(await favoritedCount(fan.username)).toBe(1);
  });

  it('settles its outbox delivery once the work is done', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    const articleId = articleIdOf(article.slug);
    await deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);
    expect(await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleId)).toEqual([]);
  });

  it("removes more comments than one step reads (500), finishing when the message comes round again", async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 51 }, (_, i) =>
          request('POST /api/articles/{slug}/comments', { token: reader.token, pathParameters: { slug: article.slug }, body: { comment: { body: `${batch}-${i}` } } }),
        ),
      );
    }
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    const articleId = articleIdOf(article.slug);
    const [message] = await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);
    // One step removes 500 and leaves the rest to a follow-up message; the outbox delivery stays pending
    // until the last step, so the same message arriving again (its redelivery) finishes the job.
    await articleCleanup(sqsEvent([message!]));
    expect((await articlePartitionPage(articleId)).items.length).toBe(10);
    expect(await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleId)).toHaveLength(1);
    const { batchItemFailures } = await articleCleanup(sqsEvent([message!]));
    expect(batchItemFailures).toEqual([]);
    expect((await articlePartitionPage(articleId)).items).toEqual([]);
    expect(await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleId)).toEqual([]);
  }, 60_000);
});
