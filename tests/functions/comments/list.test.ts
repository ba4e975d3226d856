import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, rounds, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const comment = (token: string, slug: string, body: string) =>
  request('POST /api/articles/{slug}/comments', { token, pathParameters: { slug }, body: { comment: { body } } });
const list = (slug: string, token?: string, query?: Record<string, string>) =>
  request('GET /api/articles/{slug}/comments', { pathParameters: { slug }, token, query });
const ids = (response: { body: { comments: { id: number }[] } }) => response.body.comments.map((c) => c.id);

describe('GET /api/articles/{slug}/comments', () => {
  it('lists the comments newest first, each with its author as the reader sees them', async () => {
    const [author, reader, other] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader'), registerFreshUser('other')]);
    const article = await createArticle(author.token);
    const first = (await comment(other.token, article.slug, 'first')).body.comment;
    const second = (await comment(author.token, article.slug, 'second')).body.comment;
    await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });

    const response = await list(article.slug, reader.token);
    expect(response.status).toBe(200);
    expect(response.body.comments.map((c: { id: number }) => c.id)).toEqual([second.id, first.id]);
    expect(response.body.comments[0]).toMatchObject({ body: 'second', author: { username: author.username, following: true } });
    expect(response.body.comments[1]).toMatchObject({ body: 'first', author: { username: other.username, following: false } });
  });

  it('answers an empty list for an article without comments', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    expect((await list(article.slug)).body).toEqual({ comments: [] });
  });

  it('answers 404 errors.article for an unknown article', async () => {
    const response = await list('unknown-0000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  describe('a bounded page', () => {
    it('answers at most the page size (100 by default), newest first, and ?before= reads the older ones', async () => {
      const author = await registerFreshUser('author');
      const article = await createArticle(author.token);
      const posted: number[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => comment(author.token, article.slug, `comment ${batch * 20 + index}`)));
        posted.push(...responses.map((response) => response.body.comment.id));
      }
      const newestFirst = posted.sort((a, b) => b - a);

      const first = await list(article.slug);
      expect(ids(first)).toEqual(newestFirst.slice(0, 100));
      const older = await list(article.slug, undefined, { before: String(ids(first).at(-1)) });
      expect(ids(older)).toEqual(newestFirst.slice(100));
    });

    it('?limit= asks for a smaller page, and pages with ?before= cover every comment once', async () => {
      const author = await registerFreshUser('author');
      const article = await createArticle(author.token);
      const posted = await Promise.all(Array.from({ length: 5 }, (_, index) => comment(author.token, article.slug, `c${index}`)));
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await list(article.slug, undefined, { limit: '2', ...(before !== undefined && { before: String(before) }) });
        expect(page.body.comments.length).toBeLessThanOrEqual(2);
        if (page.body.comments.length === 0) break;
        seen.push(...ids(page));
        before = ids(page).at(-1);
      }
      expect(seen).toEqual(posted.map((response) => response.body.comment.id).sort((a, b) => b - a));
    });

    it('answers 422 for a limit or a before that is not a whole number', async () => {
      const author = await registerFreshUser('author');
      const article = await createArticle(author.token);
      const response = await list(article.slug, undefined, { limit: '0', before: 'x' });
      expect(response.status).toBe(422);
      expect(Object.keys(response.body.errors).sort()).toEqual(['before', 'limit']);
    });
  });

  describe('call budget', () => {
    it('reads the article and the comments together, then the authors: two round trips, no scan', async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      await comment(reader.token, article.slug, 'one');
      await comment(author.token, article.slug, 'two');
      const { result, calls } = await measured(() => list(article.slug, reader.token));
      expect(result.body.comments).toHaveLength(2);
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({ rounds: [['GetItem', 'Query'], ['BatchGetItem']], sessionRead: 'in round 1' });
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/articles/{slug}/comments', calls);
    });

    it('is one round trip when there are no comments', async () => {
      const author = await registerFreshUser('author');
      const article = await createArticle(author.token);
      const { calls } = await measured(() => list(article.slug));
      expect(rounds(calls.calls)).toEqual([['GetItem', 'Query']]);
    });
  });
});
