import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const favorite = (token: string, slug: string) => request('POST /api/articles/{slug}/favorite', { token, pathParameters: { slug } });
const unfavorite = (token: string, slug: string) => request('DELETE /api/articles/{slug}/favorite', { token, pathParameters: { slug } });
const favoritesCount = async (slug: string) => (await request('GET /api/articles/{slug}', { pathParameters: { slug } })).body.article.favoritesCount as number;
const favoritedCount = async (username: string) => (await request('GET /api/articles', { query: { favorited: username } })).body.articlesCount as number;

describe('DELETE /api/articles/{slug}/favorite', () => {
  it('answers the article not favorited, with the count down, and drops it from the user’s favorites', async () => {
    const [author, fan, other] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan'), registerFreshUser('other')]);
    const article = await createArticle(author.token);
    await favorite(fan.token, article.slug);
    await favorite(other.token, article.slug);
    const response = await unfavorite(fan.token, article.slug);
    expect(response.status).toBe(200);
    expect(response.body.article).toMatchObject({ slug: article.slug, favorited: false, favoritesCount: 1 });
    expect(await favoritesCount(article.slug)).toBe(1);
    expect(await favoritedCount(fan.username)).toBe(0);
  });

  it('unfavoriting an article never favorited changes nothing and never goes negative', async () => {
    const [author, passer] = await Promise.all([registerFreshUser('author'), registerFreshUser('passer')]);
    const article = await createArticle(author.token);
    const response = await unfavorite(passer.token, article.slug);
    expect(response.status).toBe(200);
    expect(response.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
    expect(await favoritesCount(article.slug)).toBe(0);
    expect(await favoritedCount(passer.username)).toBe(0);
  });

  it('unfavoriting five times at once takes one favorite away, never below zero', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    await favorite(fan.token, article.slug);
    const responses = await Promise.all(Array.from({ length: 5 }, () => unfavorite(fan.token, article.slug)));
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(200));
    // The requests that lost the race answer the count they read before it; only the stored count is exact.
    for (const response of responses) expect(response.body.article).toMatchObject({ favorited: false, favoritesCount: expect.any(Number) });
    expect(await favoritesCount(article.slug)).toBe(0);
    expect(await favoritedCount(fan.username)).toBe(0);
    expect((await favorite(fan.token, article.slug)).body.article.favoritesCount).toBe(1);
  });

  it('answers 404 errors.article for an unknown article', async () => {
    const fan = await registerFreshUser('fan');
    const response = await unfavorite(fan.token, 'missing-0000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it('answers 401 without a token', async () => {
    const response = await request('DELETE /api/articles/{slug}/favorite', { pathParameters: { slug: 'any-0000000000000' } });
    expect(response.status).toBe(401);
  });

  describe('call budget', () => {
    it('reads article, viewer and favorite, then writes one transaction beside the author read: two round trips', async () => {
      const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      await favorite(fan.token, article.slug);
      const { result, calls } = await measured(() => unfavorite(fan.token, article.slug));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(fan.token))).toEqual({
        rounds: [['BatchGetItem'], ['BatchGetItem', 'TransactWriteItems']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(1);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('DELETE /api/articles/{slug}/favorite', calls);
    });

    it('writes nothing when not favorited', async () => {
      const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      const { calls } = await measured(() => unfavorite(fan.token, article.slug));
      expect(signedInRounds(calls.calls, userIdOf(fan.token))).toEqual({ rounds: [['BatchGetItem'], ['BatchGetItem']], sessionRead: 'in round 1' });
      expect(writeCount(calls)).toBe(0);
    });
  });
});
