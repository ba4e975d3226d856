import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { articlePartitionPage } from '#lib/db/articles';
import { db, table } from '#lib/db/client';
import * as entities from '#lib/db/entities';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { outboxDelivery } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle, uniqueTag } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver, outboxMessages, sqsEvent } from '../support/queue.ts';

const favoritedCount = async (username: string) => (await request('GET /api/articles', { query: { favorited: username } })).body.articlesCount as number;
const favoritedBy = async (user: RegisteredUser) => {
  const response = await request('GET /api/articles', { query: { favorited: user.username } });
  return { count: response.body.articlesCount as number, slugs: response.body.articles.map((article: { slug: string }) => article.slug) as string[] };
};
const favorite = async (user: RegisteredUser, slug: string) => {
  expect((await request('POST /api/articles/{slug}/favorite', { token: user.token, pathParameters: { slug } })).status).toBe(200);
};
const deleteArticle = async (author: RegisteredUser, slug: string) => {
  expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug } })).status).toBe(204);
};
const tagItem = async (tag: string) => (await db().send(new GetCommand({ TableName: table(), Key: entities.tag.key(tag), ConsistentRead: true }))).Item;
const cleanUpAfterDelete = (articleId: string) => deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);

describe('the article clean-up consumer', () => {
  it("removes a deleted article's comments and favorites and takes each favorite off its favoriter's count", async () => {
    const [author, first, second] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan'), registerFreshUser('fan')]);
    const doomed = await createArticle(author.token);
    const other = await createArticle(author.token);
    for (const fan of [first!, second!]) {
      await favorite(fan, doomed.slug);
      await favorite(fan, other.slug);
      const commented = await request('POST /api/articles/{slug}/comments', {
        token: fan.token,
        pathParameters: { slug: doomed.slug },
        body: { comment: { body: 'Gone soon.' } },
      });
      expect(commented.status).toBe(201);
    }
    await deleteArticle(author!, doomed.slug);
    // Until the consumer runs, the favoriters' counts still include the deleted article.
    expect((await favoritedBy(first!)).count).toBe(2);

    const [message] = await cleanUpAfterDelete(articleIdOf(doomed.slug));

    expect((await articlePartitionPage(articleIdOf(doomed.slug))).items).toEqual([]);
    for (const fan of [first!, second!]) expect(await favoritedBy(fan)).toEqual({ count: 1, slugs: [other.slug] });
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: other.slug } })).body.article.favoritesCount).toBe(2);
    expect(await outboxDelivery(message!.eventId, 'cleanup')).toBeUndefined();
  });

  it('forgets a tag no article uses any more and keeps a tag another article still uses', async () => {
    const author = await registerFreshUser('author');
    const [unused, shared] = [uniqueTag('unused'), uniqueTag('shared')];
    const doomed = await createArticle(author.token, { tagList: [unused, shared] });
    await createArticle(author.token, { tagList: [shared] });
    await deleteArticle(author, doomed.slug);
    expect(await tagItem(unused)).toMatchObject({ articlesCount: 0 });

    await cleanUpAfterDelete(articleIdOf(doomed.slug));

    expect(await tagItem(unused)).toBeUndefined();
    expect(await tagItem(shared)).toMatchObject({ articlesCount: 1 });
    const tags = (await request('GET /api/tags')).body.tags as string[];
    expect(tags).toContain(shared);
    expect(tags).not.toContain(unused);
  });

  it('forgets a tag an update dropped once no article uses it', async () => {
    const author = await registerFreshUser('author');
    const [dropped, stays] = [uniqueTag('dropped'), uniqueTag('stays')];
    const article = await createArticle(author.token, { tagList: [dropped, stays] });
    const updated = await request('PUT /api/articles/{slug}', {
      token: author.token,
      pathParameters: { slug: article.slug },
      body: { article: { tagList: [stays] } },
    });
    expect(updated.status).toBe(200);

    const [message] = await deliver(articleCleanup, 'cleanup', 'ArticleUpdated', (event) => event.articleId === articleIdOf(article.slug));

    expect(message!.event).toMatchObject({ removedTags: [dropped] });
    expect(await tagItem(dropped)).toBeUndefined();
    expect(await tagItem(stays)).toMatchObject({ articlesCount: 1 });
    expect(await outboxDelivery(message!.eventId, 'cleanup')).toBeUndefined();
  });

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

  it('removes more comments than one step reads (500), finishing when the message comes round again', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 51 }, (_, i) =>
          request('POST /api/articles/{slug}/comments', {
            token: reader.token,
            pathParameters: { slug: article.slug },
            body: { comment: { body: `${batch}-${i}` } },
          }),
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
