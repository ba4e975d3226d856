import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, rounds, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const get = (slug: string, token?: string) => request('GET /api/articles/{slug}', { pathParameters: { slug }, token });

describe('GET /api/articles/{slug}', () => {
  it('shows an anonymous reader the article with its body, not favorited, author not followed', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { body: 'The whole body.' });
    const response = await get(article.slug);
    expect(response.status).toBe(200);
    expect(response.body.article).toMatchObject({
      slug: article.slug,
      body: 'The whole body.',
      favorited: false,
      favoritesCount: 0,
      author: { username: author.username, following: false },
    });
  });

  it('shows a signed-in reader whether they favorited it and follow its author', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    await request('POST /api/articles/{slug}/favorite', { token: reader.token, pathParameters: { slug: article.slug } });
    await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const asReader = await get(article.slug, reader.token);
    const asAuthor = await get(article.slug, author.token);
    expect(asReader.body.article).toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } });
    expect(asAuthor.body.article).toMatchObject({ favorited: false, favoritesCount: 1, author: { following: false } });
  });

  it("shows the author's current username and bio after they change them", async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    await request('PUT /api/user', { token: author.token, body: { user: { username: `${author.username}_new`, bio: 'now with a bio' } } });
    const response = await get(article.slug);
    expect(response.body.article.author).toMatchObject({ username: `${author.username}_new`, bio: 'now with a bio' });
  });

  it('answers 404 errors.article for a well-formed slug that names no article', async () => {
    const response = await get('no-such-article-0000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it.each(['junk', 'a-b-c', 'UPPER-0MWVZW9PM3X17', '-', '%E0%A4%A'])('answers 404 errors.article for the slug %j, never 500', async (slug) => {
    const response = await get(slug);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it('resolves a slug whose title part is wrong, since the id names the article', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { title: 'Right title' });
    const id = article.slug.slice(article.slug.lastIndexOf('-') + 1);
    const response = await get(`wrong-title-${id}`);
    expect(response.status).toBe(200);
    expect(response.body.article.slug).toBe(article.slug);
  });

  it('answers 401 to an invalid token even though a token is optional here', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const response = await get(article.slug, 'not.a.token');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is invalid'] } });
  });

  describe('call budget', () => {
    it('is two BatchGetItem round trips for a signed-in reader, no scan', async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
      const article = await createArticle(author.token);
      const { result, calls } = await measured(() => get(article.slug, reader.token));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({ rounds: [['BatchGetItem'], ['BatchGetItem']], sessionRead: 'in round 1' });
      // The session read overlaps the rounds: it can merge two into one, never add one.
      expect(calls.roundTrips).toBeLessThanOrEqual(2);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/articles/{slug} (signed in)', calls);
    });

    it('is two BatchGetItem round trips for an anonymous reader, no scan', async () => {
      const author = await registerFreshUser('author');
      const article = await createArticle(author.token);
      const { result, calls } = await measured(() => get(article.slug));
      expect(result.status).toBe(200);
      expect(rounds(calls.calls)).toEqual([['BatchGetItem'], ['BatchGetItem']]);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/articles/{slug} (anonymous)', calls);
    });

    it('is one round trip for a missing article', async () => {
      const { result, calls } = await measured(() => get('no-such-article-0000000000000'));
      expect(result.status).toBe(404);
      expect(rounds(calls.calls)).toEqual([['BatchGetItem']]);
    });

    it('makes no call at all for a slug that cannot name an article', async () => {
      const { result, calls } = await measured(() => get('junk'));
      expect(result.status).toBe(404);
      expect(calls.count).toBe(0);
    });
  });
});
