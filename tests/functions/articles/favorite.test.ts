import { afterEach, describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { conflictNextTransactions } from '../support/faults.ts';
import { userIdOf } from '../support/tokens.ts';
import { registerFreshUsers } from '../support/users.ts';

const favorite = (token: string, slug: string) => request('POST /api/articles/{slug}/favorite', { token, pathParameters: { slug } });
const unfavorite = (token: string, slug: string) => request('DELETE /api/articles/{slug}/favorite', { token, pathParameters: { slug } });
const favoritesCount = async (slug: string) => (await request('GET /api/articles/{slug}', { pathParameters: { slug } })).body.article.favoritesCount as number;

describe('POST /api/articles/{slug}/favorite', () => {
  it('answers the article favorited, with the count, and lists it under the user’s favorites', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    const response = await favorite(fan.token, article.slug);
    expect(response.status).toBe(200);
    expect(response.body.article).toMatchObject({ slug: article.slug, favorited: true, favoritesCount: 1, author: { username: author.username } });
    expect(response.body.article.body).toBe(article.body);
    const favorites = await request('GET /api/articles', { query: { favorited: fan.username } });
    expect(favorites.body.articlesCount).toBe(1);
    expect(favorites.body.articles[0].slug).toBe(article.slug);
  });

  it('favoriting twice counts once', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    await favorite(fan.token, article.slug);
    const again = await favorite(fan.token, article.slug);
    expect(again.status).toBe(200);
    expect(again.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    expect(await favoritesCount(article.slug)).toBe(1);
    expect((await request('GET /api/articles', { query: { favorited: fan.username } })).body.articlesCount).toBe(1);
  });

  it('favoriting five times at once counts once', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    const responses = await Promise.all(Array.from({ length: 5 }, () => favorite(fan.token, article.slug)));
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(200));
    for (const response of responses) expect(response.body.article.favorited).toBe(true);
    expect(await favoritesCount(article.slug)).toBe(1);
    expect((await request('GET /api/articles', { query: { favorited: fan.username } })).body.articlesCount).toBe(1);
  });

  it('keeps favoritesCount exact when 20 users favorite at once and then half of them unfavorite at once', async () => {
    const author = await registerFreshUser('author');
    const fans = await registerFreshUsers(20, 'fan');
    const article = await createArticle(author.token);

    const favorited = await Promise.all(fans.map((fan) => favorite(fan.token, article.slug)));
    expect(favorited.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(await favoritesCount(article.slug)).toBe(20);

    const leaving = fans.slice(0, 10);
    const unfavorited = await Promise.all(leaving.map((fan) => unfavorite(fan.token, article.slug)));
    expect(unfavorited.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(await favoritesCount(article.slug)).toBe(10);

    const [stayed, left] = [fans[10]!, fans[0]!];
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: article.slug }, token: stayed.token })).body.article.favorited).toBe(true);
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: article.slug }, token: left.token })).body.article.favorited).toBe(false);
  });

  it('answers 404 errors.article for an unknown article', async () => {
    const fan = await registerFreshUser('fan');
    const response = await favorite(fan.token, 'missing-0000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it('answers 404 errors.article for a deleted article, and counts nothing for the user', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    const response = await favorite(fan.token, article.slug);
    expect(response.status).toBe(404);
    expect((await request('GET /api/articles', { query: { favorited: fan.username } })).body.articlesCount).toBe(0);
  });

  it('answers 401 without a token', async () => {
    const response = await request('POST /api/articles/{slug}/favorite', { pathParameters: { slug: 'any-0000000000000' } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  describe('under contention', () => {
    let fault: ReturnType<typeof conflictNextTransactions> | undefined;
    afterEach(() => fault?.remove());

    // Every favorite of an article updates the article's count in its transaction; on DynamoDB two fans
    // favoriting a popular article at once can make one transaction fail with TransactionConflict (DynamoDB
    // Local serializes them instead, so the fault is injected). lib/db/transactions.ts retries it.
    it('retries a favorite whose transaction met a TransactionConflict instead of answering 500', async () => {
      const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
      const article = await createArticle(author.token);
      fault = conflictNextTransactions(1, 1);
      const response = await favorite(fan.token, article.slug);
      expect(fault.injected).toBe(1);
      expect(response.status).toBe(200);
      expect(await favoritesCount(article.slug)).toBe(1);
    });
  });

  describe('call budget', () => {
    it('reads article, viewer and favorite, then writes one transaction beside the author read: two round trips after the write limit', async () => {
      const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      const { result, calls } = await measured(() => favorite(fan.token, article.slug));
      expect(result.status).toBe(200);
      // The per-user write limit's counter (one conditional UpdateItem) comes first: a refused write must not happen.
      expect(signedInRounds(calls.calls, userIdOf(fan.token))).toEqual({
        rounds: [['UpdateItem'], ['BatchGetItem'], ['BatchGetItem', 'TransactWriteItems']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(2);
      expect(readRoundsBeforeWrite(calls)).toBe(0);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('POST /api/articles/{slug}/favorite', calls);
    });

    it('writes only the write limit’s counter when already favorited', async () => {
      const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      await favorite(fan.token, article.slug);
      const { result, calls } = await measured(() => favorite(fan.token, article.slug));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(fan.token))).toEqual({
        rounds: [['UpdateItem'], ['BatchGetItem'], ['BatchGetItem']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(1);
    });
  });
});
