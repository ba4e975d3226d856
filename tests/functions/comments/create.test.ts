import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const comment = (token: string, slug: string, body: unknown) =>
  request('POST /api/articles/{slug}/comments', { token, pathParameters: { slug }, body: { comment: { body } } });

describe('POST /api/articles/{slug}/comments', () => {
  it('answers 201 with the comment: an integer id, the body, timestamps and the author', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    const response = await comment(reader.token, article.slug, 'Thank you!');
    expect(response.status).toBe(201);
    expect(response.body.comment).toEqual({
      id: expect.any(Number),
      body: 'Thank you!',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: expect.any(String),
      author: { username: reader.username, bio: null, image: null, following: false },
    });
    expect(Number.isSafeInteger(response.body.comment.id)).toBe(true);
  });

  it('gives each of many comments posted at once its own id', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => comment(reader.token, article.slug, `comment ${i}`)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.body.comment.id)).size).toBe(10);
    const listed = await request('GET /api/articles/{slug}/comments', { pathParameters: { slug: article.slug } });
    expect(listed.body.comments).toHaveLength(10);
  });

  it('answers 404 errors.article for an unknown or deleted article', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    const deleted = await comment(reader.token, article.slug, 'Too late');
    const unknown = await comment(reader.token, 'unknown-0000000000000', 'Hello?');
    const junk = await comment(reader.token, 'junk', 'Hello?');
    for (const response of [deleted, unknown, junk]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ errors: { article: ['not found'] } });
    }
  });

  it('answers 422 "can\'t be blank" on a blank or missing body, and on a missing wrapper', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    const blank = await comment(reader.token, article.slug, '  ');
    const missing = await comment(reader.token, article.slug, undefined);
    const noWrapper = await request('POST /api/articles/{slug}/comments', { token: reader.token, pathParameters: { slug: article.slug }, body: {} });
    expect(blank.status).toBe(422);
    expect(blank.body.errors.body[0]).toBe("can't be blank");
    expect(missing.status).toBe(422);
    expect(missing.body.errors.body[0]).toBe("can't be blank");
    expect(noWrapper.status).toBe(422);
    expect(noWrapper.body).toEqual({ errors: { comment: ["can't be blank"] } });
  });

  it('answers 401 without a token', async () => {
    const response = await request('POST /api/articles/{slug}/comments', { pathParameters: { slug: 'any-0000000000000' }, body: { comment: { body: 'x' } } });
    expect(response.status).toBe(401);
  });

  describe('call budget', () => {
    it('is one transaction after the write limit, the author read being the session check’s, no scan', async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      const { result, calls } = await measured(() => comment(reader.token, article.slug, 'Measured.'));
      expect(result.status).toBe(201);
      // The per-user write limit's counter (one conditional UpdateItem) comes first: a refused write must not happen.
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({ rounds: [['UpdateItem'], ['TransactWriteItems']], sessionRead: 'in round 1' });
      expect(writeCount(calls)).toBe(2);
      expect(readRoundsBeforeWrite(calls)).toBe(0);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('POST /api/articles/{slug}/comments', calls);
    });
  });
});
