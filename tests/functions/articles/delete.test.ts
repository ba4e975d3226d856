import { describe, expect, it } from 'vitest';
import { articlePartitionPage } from '#lib/db/articles';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { delayTransactions } from '../support/faults.ts';
import { deliver } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const remove = (token: string, slug: string) => request('DELETE /api/articles/{slug}', { token, pathParameters: { slug } });
const get = (slug: string, token?: string) => request('GET /api/articles/{slug}', { pathParameters: { slug }, token });
const slugsOf = (body: { articles: { slug: string }[] }) => body.articles.map((article) => article.slug);

describe('DELETE /api/articles/{slug}', () => {
  it('answers 204, after which the article is a 404', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const response = await remove(author.token, article.slug);
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    const after = await get(article.slug);
    expect(after.status).toBe(404);
    expect(after.body).toEqual({ errors: { article: ['not found'] } });
  });

  it("takes the article out of the lists and their counts at once: author's, tag's, and all", async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag();
    const kept = await createArticle(author.token, { tagList: [tag] });
    const deleted = await createArticle(author.token, { tagList: [tag] });
    await remove(author.token, deleted.slug);
    const byAuthor = await request('GET /api/articles', { query: { author: author.username } });
    const byTag = await request('GET /api/articles', { query: { tag } });
    const all = await request('GET /api/articles', { query: { limit: '100' } });
    expect(byAuthor.body.articlesCount).toBe(1);
    expect(slugsOf(byAuthor.body)).toEqual([kept.slug]);
    expect(byTag.body.articlesCount).toBe(1);
    expect(slugsOf(byTag.body)).toEqual([kept.slug]);
    expect(slugsOf(all.body)).not.toContain(deleted.slug);
  });

  it("after the clean-up consumer runs, its comments and favorites are gone and the favoriter's count drops", async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const other = await createArticle(author.token);
    const article = await createArticle(author.token);
    for (const slug of [other.slug, article.slug]) {
      await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug } });
    }
    for (const body of ['first', 'second']) {
      await request('POST /api/articles/{slug}/comments', { token: fan.token, pathParameters: { slug: article.slug }, body: { comment: { body } } });
    }
    expect((await request('GET /api/articles', { query: { favorited: fan.username } })).body.articlesCount).toBe(2);

    await remove(author.token, article.slug);
    // Until the consumer runs, the favorite edge remains (the page skips the missing article) and is counted.
    expect(slugsOf((await request('GET /api/articles', { query: { favorited: fan.username } })).body)).toEqual([other.slug]);
    expect((await request('GET /api/articles/{slug}/comments', { pathParameters: { slug: article.slug } })).status).toBe(404);

    const articleId = articleIdOf(article.slug);
    await deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);

    expect((await articlePartitionPage(articleId)).items).toEqual([]);
    const favorites = await request('GET /api/articles', { query: { favorited: fan.username } });
    expect(favorites.body).toMatchObject({ articlesCount: 1 });
    expect(slugsOf(favorites.body)).toEqual([other.slug]);
  });

  it('answers 403 errors.article to someone other than the author, and the article stays', async () => {
    const [author, intruder] = await Promise.all([registerFreshUser('author'), registerFreshUser('intruder')]);
    const article = await createArticle(author.token);
    const response = await remove(intruder.token, article.slug);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: { article: ['forbidden'] } });
    expect((await get(article.slug)).status).toBe(200);
    expect((await request('GET /api/articles', { query: { author: author.username } })).body.articlesCount).toBe(1);
  });

  it('answers 404 errors.article to a second delete and for an unknown article', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    await remove(author.token, article.slug);
    const again = await remove(author.token, article.slug);
    const unknown = await remove(author.token, 'never-0000000000000');
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ errors: { article: ['not found'] } });
    expect(unknown.status).toBe(404);
  });

  // The second of two simultaneous deletes fails its version condition (the article is gone); the handler
  // reads again and answers 404.
  it('answers 204 or 404, never 500, when the author deletes the same article twice at the same moment', async () => {
    const author = await registerFreshUser('author');
    await createArticle(author.token);
    const article = await createArticle(author.token);
    const delay = delayTransactions(200);
    const responses = await Promise.all([remove(author.token, article.slug), remove(author.token, article.slug)]).finally(delay.remove);
    expect((await request('GET /api/articles', { query: { author: author.username } })).body.articlesCount).toBe(1);
    expect(responses.map((response) => response.status)).toContain(204);
    for (const response of responses) expect([204, 404]).toContain(response.status);
  });

  it('answers 401 without a token', async () => {
    const response = await request('DELETE /api/articles/{slug}', { pathParameters: { slug: 'any-0000000000000' } });
    expect(response.status).toBe(401);
  });

  describe('call budget', () => {
    it('reads the article, then writes one transaction beside one UpdateItem per tag: two round trips, no scan', async () => {
      const author = await registerFreshUser('budget');
      const article = await createArticle(author.token, { tagList: [uniqueTag()] });
      const { result, calls } = await measured(() => remove(author.token, article.slug));
      expect(result.status).toBe(204);
      expect(signedInRounds(calls.calls, userIdOf(author.token))).toEqual({
        rounds: [['GetItem'], ['TransactWriteItems', 'UpdateItem']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(2);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('DELETE /api/articles/{slug}', calls);
    });
  });
});
