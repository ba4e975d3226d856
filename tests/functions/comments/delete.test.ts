import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const comment = async (token: string, slug: string, body: string) =>
  (await request('POST /api/articles/{slug}/comments', { token, pathParameters: { slug }, body: { comment: { body } } })).body.comment as { id: number };
const remove = (token: string, slug: string, id: number | string) =>
  request('DELETE /api/articles/{slug}/comments/{id}', { token, pathParameters: { slug, id: String(id) } });
const idsOn = async (slug: string) =>
  (await request('GET /api/articles/{slug}/comments', { pathParameters: { slug } })).body.comments.map((c: { id: number }) => c.id);

describe('DELETE /api/articles/{slug}/comments/{id}', () => {
  it("answers 204 to the comment's author, and the comment is gone", async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token);
    const kept = await comment(reader.token, article.slug, 'kept');
    const removed = await comment(reader.token, article.slug, 'removed');
    const response = await remove(reader.token, article.slug, removed.id);
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(await idsOn(article.slug)).toEqual([kept.id]);
  });

  it("answers 403 errors.comment to anyone else, even the article's author, and the comment survives", async () => {
    const [author, commenter, stranger] = await Promise.all([registerFreshUser('author'), registerFreshUser('commenter'), registerFreshUser('stranger')]);
    const article = await createArticle(author.token);
    const theirs = await comment(commenter.token, article.slug, 'mine');
    for (const intruder of [stranger, author]) {
      const response = await remove(intruder.token, article.slug, theirs.id);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ errors: { comment: ['forbidden'] } });
    }
    expect(await idsOn(article.slug)).toEqual([theirs.id]);
  });

  it('answers 404 errors.comment for id 99999 on a real article, and for a comment already deleted', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const once = await comment(author.token, article.slug, 'once');
    await remove(author.token, article.slug, once.id);
    for (const id of [99999, once.id]) {
      const response = await remove(author.token, article.slug, id);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ errors: { comment: ['not found'] } });
    }
  });

  it('answers 404 errors.comment for a comment of another article, which survives', async () => {
    const author = await registerFreshUser('author');
    const [here, there] = [await createArticle(author.token), await createArticle(author.token)];
    const onThere = await comment(author.token, there.slug, 'elsewhere');
    const response = await remove(author.token, here.slug, onThere.id);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { comment: ['not found'] } });
    expect(await idsOn(there.slug)).toEqual([onThere.id]);
  });

  it('answers 404 errors.article for an unknown article', async () => {
    const author = await registerFreshUser('author');
    const response = await remove(author.token, 'unknown-0000000000000', 1);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it.each(['abc', '-1', '1.5', '12345678901234567'])('answers 422 errors.id, never 500, for the id %j', async (id) => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const response = await remove(author.token, article.slug, id);
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('id');
  });

  it('answers 401 without a token', async () => {
    const response = await request('DELETE /api/articles/{slug}/comments/{id}', { pathParameters: { slug: 'any-0000000000000', id: '1' } });
    expect(response.status).toBe(401);
  });

  describe('call budget', () => {
    it("is one transaction (the delete if the comment is the viewer's, and the viewer may write) beside one GetItem of the article, in one round trip, no scan", async () => {
      const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      const mine = await comment(reader.token, article.slug, 'measured');
      const { result, calls } = await measured(() => remove(reader.token, article.slug, mine.id));
      expect(result.status).toBe(204);
      expect(signedInRounds(calls.calls, userIdOf(reader.token))).toEqual({ rounds: [['GetItem', 'TransactWriteItems']], sessionRead: 'in round 1' });
      expect(writeCount(calls)).toBe(1);
      expect(readRoundsBeforeWrite(calls)).toBe(0);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('DELETE /api/articles/{slug}/comments/{id}', calls);
    });

    it('tells 403 from 404 with that same single round trip', async () => {
      const [author, stranger] = await Promise.all([registerFreshUser('author'), registerFreshUser('budget')]);
      const article = await createArticle(author.token);
      const theirs = await comment(author.token, article.slug, 'not yours');
      const { result, calls } = await measured(() => remove(stranger.token, article.slug, theirs.id));
      expect(result.status).toBe(403);
      expect(signedInRounds(calls.calls, userIdOf(stranger.token))).toEqual({ rounds: [['GetItem', 'TransactWriteItems']], sessionRead: 'in round 1' });
    });
  });
});
