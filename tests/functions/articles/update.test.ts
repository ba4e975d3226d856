import { describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, readRoundsBeforeWrite, signedInRounds, writeCount } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { userIdOf } from '../support/tokens.ts';

const update = (token: string, slug: string, article: unknown) => request('PUT /api/articles/{slug}', { token, pathParameters: { slug }, body: { article } });
const get = (slug: string, token?: string) => request('GET /api/articles/{slug}', { pathParameters: { slug }, token });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PUT /api/articles/{slug}', () => {
  it('changing only the body keeps slug, title, tags and createdAt, and moves updatedAt', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag();
    const article = await createArticle(author.token, { title: 'Stable title', tagList: [tag] });
    await pause(5);
    const response = await update(author.token, article.slug, { body: 'A new body.' });
    expect(response.status).toBe(200);
    expect(response.body.article).toMatchObject({
      slug: article.slug,
      title: 'Stable title',
      body: 'A new body.',
      tagList: [tag],
      createdAt: article.createdAt,
    });
    expect(response.body.article.updatedAt > article.updatedAt).toBe(true);
    expect((await get(article.slug)).body.article.body).toBe('A new body.');
  });

  it('a new title gives a new slug, and the old slug still resolves to the same article', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { title: 'Old title' });
    const response = await update(author.token, article.slug, { title: 'New title' });
    expect(response.status).toBe(200);
    const newSlug: string = response.body.article.slug;
    expect(newSlug).toMatch(/^new-title-/);
    expect(newSlug).not.toBe(article.slug);
    const viaOld = await get(article.slug);
    const viaNew = await get(newSlug);
    expect(viaOld.status).toBe(200);
    expect(viaOld.body.article).toMatchObject({ slug: newSlug, title: 'New title', createdAt: article.createdAt });
    expect(viaNew.body.article).toEqual(viaOld.body.article);
  });

  it('keeps comments and favorites attached across a title change', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const article = await createArticle(author.token, { title: 'Before' });
    await request('POST /api/articles/{slug}/favorite', { token: reader.token, pathParameters: { slug: article.slug } });
    const comment = await request('POST /api/articles/{slug}/comments', {
      token: reader.token,
      pathParameters: { slug: article.slug },
      body: { comment: { body: 'Nice.' } },
    });
    const newSlug: string = (await update(author.token, article.slug, { title: 'After' })).body.article.slug;

    const seen = await get(newSlug, reader.token);
    expect(seen.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    const comments = await request('GET /api/articles/{slug}/comments', { pathParameters: { slug: newSlug } });
    expect(comments.body.comments.map((c: { id: number }) => c.id)).toEqual([comment.body.comment.id]);
    const favorites = await request('GET /api/articles', { query: { favorited: reader.username } });
    expect(favorites.body.articles.map((a: { slug: string }) => a.slug)).toEqual([newSlug]);
    const removed = await request('DELETE /api/articles/{slug}/comments/{id}', {
      token: reader.token,
      pathParameters: { slug: article.slug, id: String(comment.body.comment.id) },
    });
    expect(removed.status).toBe(204);
  });

  it('answers 403 errors.article to someone other than the author, and changes nothing', async () => {
    const [author, intruder] = await Promise.all([registerFreshUser('author'), registerFreshUser('intruder')]);
    const article = await createArticle(author.token, { title: 'Mine', body: 'Original body.' });
    const response = await update(intruder.token, article.slug, { title: 'Theirs', body: 'Defaced.' });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ errors: { article: ['forbidden'] } });
    const after = await get(article.slug);
    expect(after.body.article).toMatchObject({ slug: article.slug, title: 'Mine', body: 'Original body.', updatedAt: article.updatedAt });
  });

  it('keeps the tags when tagList is absent and clears them with []', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag();
    const article = await createArticle(author.token, { tagList: [tag] });
    const kept = await update(author.token, article.slug, { description: 'changed' });
    expect(kept.body.article.tagList).toEqual([tag]);
    const cleared = await update(author.token, article.slug, { tagList: [] });
    expect(cleared.body.article.tagList).toEqual([]);
    const byTag = await request('GET /api/articles', { query: { tag } });
    expect(byTag.body).toEqual({ articles: [], articlesCount: 0 });
  });

  it('replaces the tags, sorted and de-duplicated, and lists the article under the new ones only', async () => {
    const author = await registerFreshUser('author');
    const [before, b, a] = [uniqueTag('before'), uniqueTag('b'), uniqueTag('a')];
    const article = await createArticle(author.token, { tagList: [before] });
    const response = await update(author.token, article.slug, { tagList: [b, a, b] });
    expect(response.body.article.tagList).toEqual([a, b]);
    expect((await request('GET /api/articles', { query: { tag: before } })).body.articlesCount).toBe(0);
    expect((await request('GET /api/articles', { query: { tag: a } })).body.articles.map((x: { slug: string }) => x.slug)).toEqual([article.slug]);
  });

  it('refuses tagList: null and 11 tags with 422 on tagList, changing nothing', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag();
    const article = await createArticle(author.token, { tagList: [tag] });
    const nulled = await update(author.token, article.slug, { tagList: null });
    const tooMany = await update(author.token, article.slug, { tagList: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(nulled.status).toBe(422);
    expect(nulled.body.errors).toHaveProperty('tagList');
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toHaveProperty('tagList');
    expect((await get(article.slug)).body.article.tagList).toEqual([tag]);
  });

  it('refuses a blank title with 422 on title', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const response = await update(author.token, article.slug, { title: '' });
    expect(response.status).toBe(422);
    expect(response.body.errors.title[0]).toBe("can't be blank");
  });

  it('answers 422 when no field is named and when the wrapper is missing', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const empty = await update(author.token, article.slug, {});
    const noWrapper = await request('PUT /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug }, body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toHaveProperty('article');
    expect(noWrapper.status).toBe(422);
    expect(noWrapper.body).toEqual({ errors: { article: ["can't be blank"] } });
  });

  it('answers 404 errors.article for an unknown article', async () => {
    const author = await registerFreshUser('author');
    const response = await update(author.token, 'gone-0000000000000', { body: 'x' });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: { article: ['not found'] } });
  });

  it('applies both of two simultaneous edits by the author to different fields', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token, { description: 'd0', body: 'b0' });
    const [first, second] = await Promise.all([update(author.token, article.slug, { description: 'd1' }), update(author.token, article.slug, { body: 'b1' })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await get(article.slug)).body.article).toMatchObject({ description: 'd1', body: 'b1' });
  });

  describe('call budget', () => {
    it('reads article, viewer and favorite in one BatchGetItem, then writes one transaction beside one UpdateItem per tag changed, no scan', async () => {
      const author = await registerFreshUser('budget');
      const article = await createArticle(author.token, { tagList: [uniqueTag('old')] });
      const { result, calls } = await measured(() => update(author.token, article.slug, { title: 'Renamed', tagList: [uniqueTag('new')] }));
      expect(result.status).toBe(200);
      expect(signedInRounds(calls.calls, userIdOf(author.token))).toEqual({
        rounds: [['BatchGetItem'], ['TransactWriteItems', 'UpdateItem', 'UpdateItem']],
        sessionRead: 'in round 1',
      });
      expect(writeCount(calls)).toBe(3);
      expect(readRoundsBeforeWrite(calls)).toBe(1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('PUT /api/articles/{slug}', calls);
    });

    it('refuses a non-author after one read and writes nothing', async () => {
      const [author, intruder] = await Promise.all([registerFreshUser('author'), registerFreshUser('intruder')]);
      const article = await createArticle(author.token);
      const { result, calls } = await measured(() => update(intruder.token, article.slug, { body: 'x' }));
      expect(result.status).toBe(403);
      expect(signedInRounds(calls.calls, userIdOf(intruder.token))).toEqual({ rounds: [['BatchGetItem']], sessionRead: 'in round 1' });
    });
  });
});
