import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { articlePartitionPage } from '#lib/db/articles';
import { db, table } from '#lib/db/client';
import { articleStats, tag as tagEntity, user } from '#lib/db/entities';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { storedFeed } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { auditEntriesAbout, REASON, registerWithRole, unpublishArticle } from '../support/moderation.ts';
import { deliver } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const itemAt = async (key: { PK: string; SK: string }) => (await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
const slugsOf = (body: { articles: { slug: string }[] }) => body.articles.map((article) => article.slug);

describe('POST /api/moderation/articles/{slug}/unpublish', () => {
  let moderator: RegisteredUser;
  let admin: RegisteredUser;

  beforeAll(async () => {
    [moderator, admin] = await Promise.all([registerWithRole('moderator'), registerWithRole('admin')]);
  });

  it("fans out exactly like the author's delete: lists, tag and article counts at once, feeds, comments and favorites after the consumers", async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const readerId = userIdOf(reader.token);
    await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const [tag, only] = [uniqueTag(), uniqueTag('only')];
    const kept = await createArticle(author.token, { tagList: [tag] });
    const doomed = await createArticle(author.token, { tagList: [tag, only] });
    const [keptId, doomedId] = [articleIdOf(kept.slug), articleIdOf(doomed.slug)];
    await deliver(feedFanout, 'feed', 'ArticlePublished', (event) => event.articleId === keptId || event.articleId === doomedId);
    await request('POST /api/articles/{slug}/favorite', { token: reader.token, pathParameters: { slug: doomed.slug } });
    await request('POST /api/articles/{slug}/comments', { token: reader.token, pathParameters: { slug: doomed.slug }, body: { comment: { body: 'spam?' } } });
    expect((await storedFeed(readerId)).count).toBe(2);
    const articlesBefore = (await itemAt(articleStats.key(articleStats.shardOf(doomedId))))?.articlesCount as number;

    const response = await unpublishArticle(moderator, doomed.slug);
    expect(response.status).toBe(204);

    // At once, in the unpublishing transaction (and the tag counts beside it): the article, its list entries and every count.
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: doomed.slug } })).status).toBe(404);
    const byAuthor = await request('GET /api/articles', { query: { author: author.username } });
    expect(byAuthor.body.articlesCount).toBe(1);
    expect(slugsOf(byAuthor.body)).toEqual([kept.slug]);
    const byTag = await request('GET /api/articles', { query: { tag } });
    expect(byTag.body.articlesCount).toBe(1);
    expect(slugsOf(byTag.body)).toEqual([kept.slug]);
    expect((await itemAt(user.key(userIdOf(author.token))))?.articlesCount).toBe(1);
    expect((await itemAt(tagEntity.key(tag)))?.articlesCount).toBe(1);
    expect((await itemAt(tagEntity.key(only)))?.articlesCount).toBe(0);
    const listedTags = (await request('GET /api/tags')).body.tags;
    expect(listedTags).toContain(tag);
    expect(listedTags).not.toContain(only);
    expect((await itemAt(articleStats.key(articleStats.shardOf(doomedId))))?.articlesCount).toBeLessThanOrEqual(articlesBefore - 1);

    // Then the ArticleDeleted event, on the same queues as a delete's.
    await deliver(feedFanout, 'feed', 'ArticleDeleted', (event) => event.articleId === doomedId);
    await deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === doomedId);
    expect(await storedFeed(readerId)).toEqual({ articleIds: [keptId], count: 1 });
    expect((await articlePartitionPage(doomedId)).items).toEqual([]);
    expect((await request('GET /api/articles', { query: { favorited: reader.username } })).body.articlesCount).toBe(0);
    expect((await itemAt(user.key(readerId)))?.favoritesCount).toBe(0);
    expect(await itemAt(tagEntity.key(only))).toBeUndefined();

    const [entry, ...more] = await auditEntriesAbout(admin, [author.username]);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: 'article.unpublish',
      reason: REASON.reason,
      actor: { username: moderator.username },
      subject: { username: author.username },
      articleId: doomedId,
      content: { slug: doomed.slug, title: doomed.title, body: doomed.body, tagList: doomed.tagList },
    });
  });

  it("unpublishes the moderator's own article too (the author's count and the role check share one update)", async () => {
    const own = await createArticle(moderator.token);
    expect((await unpublishArticle(moderator, own.slug)).status).toBe(204);
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: own.slug } })).status).toBe(404);
    expect((await request('GET /api/articles', { query: { author: moderator.username } })).body.articlesCount).toBe(0);
  });

  it('answers 404 errors.article for an unknown article and writes no audit entry', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    const response = await unpublishArticle(moderator, article.slug);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
    expect(await auditEntriesAbout(admin, [author.username])).toEqual([]);
  });

  it('a moderator whose role was revoked after signing in unpublishes nothing', async () => {
    const [former, author] = await Promise.all([registerWithRole('moderator', 'former'), registerFreshUser('author')]);
    const article = await createArticle(author.token);
    const revoked = await request('PUT /api/admin/users/{username}/role', {
      token: admin.token,
      pathParameters: { username: former.username },
      body: { role: 'user', reason: 'Stepped down' },
    });
    expect(revoked.status).toBe(204);
    const response = await unpublishArticle(former, article.slug);
    expect(response.status).toBe(403);
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: article.slug } })).status).toBe(200);
  });

  describe('call budget', () => {
    it("is the author's delete: reads the article and its body (for the audit entry), then one transaction with the role check and the audit entry, beside one UpdateItem per tag", async () => {
      const author = await registerFreshUser('budget');
      const article = await createArticle(author.token, { tagList: [uniqueTag()] });
      const { result, calls } = await measured(() => unpublishArticle(moderator, article.slug));
      expect(result.status).toBe(204);
      expect(signedInRounds(calls.calls, userIdOf(moderator.token))).toEqual({
        rounds: [['BatchGetItem'], ['TransactWriteItems', 'UpdateItem']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(2);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      noteBudget('POST /api/moderation/articles/{slug}/unpublish', calls);
    });
  });
});
