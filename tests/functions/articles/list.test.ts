import { beforeAll, describe, expect, it } from 'vitest';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, rounds, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { type ReadingDataset, readingDataset } from '../support/datasets.ts';
import { userIdOf } from '../support/tokens.ts';

const list = (query: Record<string, string>, token?: string) => request('GET /api/articles', { query, token });
const slugsOf = (body: { articles: { slug: string }[] }) => body.articles.map((article) => article.slug);

describe('GET /api/articles', () => {
  it('pages through 25 articles by limit 7 with disjoint, gapless pages, newest first, each counting all 25', async () => {
    const author = await registerFreshUser('author');
    const written: string[] = [];
    for (let i = 0; i < 25; i++) written.push((await createArticle(author.token)).slug);

    const pages = [];
    for (let offset = 0; offset < 28; offset += 7) pages.push(await list({ author: author.username, limit: '7', offset: String(offset) }));
    expect(pages.map((page) => page.body.articles.length)).toEqual([7, 7, 7, 4]);
    for (const page of pages) expect(page.body.articlesCount).toBe(25);
    const paged = pages.flatMap((page) => slugsOf(page.body));
    expect(new Set(paged).size).toBe(25);
    expect(paged).toEqual([...written].reverse());
    expect((await list({ author: author.username, limit: '7', offset: '28' })).body).toEqual({ articles: [], articlesCount: 25 });
  });

  it('counts the total matches in articlesCount, not the page size', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag();
    for (let i = 0; i < 3; i++) await createArticle(author.token, { tagList: [tag] });
    const response = await list({ tag, limit: '1' });
    expect(response.body.articles).toHaveLength(1);
    expect(response.body.articlesCount).toBe(3);
  });

  it('lists articles without their body', async () => {
    const author = await registerFreshUser('author');
    await createArticle(author.token, { body: 'Long body.' });
    const response = await list({ author: author.username });
    expect(response.body.articles[0]).not.toHaveProperty('body');
    expect(response.body.articles[0]).toMatchObject({ title: expect.any(String), description: expect.any(String), tagList: [] });
  });

  it('filters by tag, by author and by who favorited', async () => {
    const [author, other, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('other'), registerFreshUser('fan')]);
    const tag = uniqueTag();
    const tagged = await createArticle(author.token, { tagList: [tag] });
    const untagged = await createArticle(author.token);
    const byOther = await createArticle(other.token, { tagList: [tag] });
    await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug: untagged.slug } });

    expect(new Set(slugsOf((await list({ tag })).body))).toEqual(new Set([tagged.slug, byOther.slug]));
    expect(slugsOf((await list({ author: author.username })).body)).toEqual([untagged.slug, tagged.slug]);
    expect(slugsOf((await list({ favorited: fan.username })).body)).toEqual([untagged.slug]);
  });

  it('finds the author and the favoriter whatever the letter case of the username', async () => {
    const [author, fan] = await Promise.all([registerFreshUser('author'), registerFreshUser('fan')]);
    const article = await createArticle(author.token);
    await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug: article.slug } });
    expect(slugsOf((await list({ author: author.username.toUpperCase() })).body)).toEqual([article.slug]);
    expect(slugsOf((await list({ favorited: fan.username.toUpperCase() })).body)).toEqual([article.slug]);
  });

  it('answers an empty list for an unknown author, favoriter or tag', async () => {
    const queries: Record<string, string>[] = [{ author: 'nobody_by_that_name' }, { favorited: 'nobody_by_that_name' }, { tag: uniqueTag('unused') }];
    for (const query of queries) {
      const response = await list(query);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ articles: [], articlesCount: 0 });
    }
  });

  it("shows a signed-in reader's favorites and follows in the list", async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const liked = await createArticle(author.token);
    const other = await createArticle(author.token);
    await request('POST /api/articles/{slug}/favorite', { token: reader.token, pathParameters: { slug: liked.slug } });
    await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const seen = await list({ author: author.username }, reader.token);
    const bySlug = Object.fromEntries(seen.body.articles.map((article: { slug: string }) => [article.slug, article]));
    expect(bySlug[liked.slug]).toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } });
    expect(bySlug[other.slug]).toMatchObject({ favorited: false, favoritesCount: 0, author: { following: true } });
    const anonymous = await list({ author: author.username });
    for (const article of anonymous.body.articles) expect(article).toMatchObject({ favorited: false, author: { following: false } });
  });

  it('lists the newest articles first when not filtered', async () => {
    const author = await registerFreshUser('author');
    const first = await createArticle(author.token);
    const second = await createArticle(author.token);
    const slugs = slugsOf((await list({ limit: '100' })).body);
    expect(slugs.indexOf(second.slug)).toBeGreaterThanOrEqual(0);
    expect(slugs.indexOf(second.slug)).toBeLessThan(slugs.indexOf(first.slug));
  });

  it.each([
    [{ limit: '0' }, { limit: ['must be at least 1'] }],
    [{ limit: '101' }, { limit: ['must be at most 100'] }],
    [{ offset: '-1' }, { offset: ['must be a whole number'] }],
    [{ limit: 'abc' }, { limit: ['must be a whole number'] }],
    [{ limit: '1.5' }, { limit: ['must be a whole number'] }],
    [{ offset: '10001' }, { offset: ['must be at most 10000'] }],
  ])('answers 422 with errors keyed by the field for %j', async (query, errors) => {
    const response = await list(query);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors });
  });

  it('accepts limit 100 and offset 10000', async () => {
    const response = await list({ limit: '100', offset: '10000', author: 'nobody_by_that_name' });
    expect(response.status).toBe(200);
  });

  it('answers 422 when filtering by two things at once', async () => {
    const response = await list({ tag: 'a', author: 'b' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveProperty('filter');
  });

  describe('call budget', () => {
    let data: ReadingDataset;
    beforeAll(async () => {
      data = await readingDataset();
    }, 120_000);

    const filters = {
      all: () => ({}),
      tag: () => ({ tag: data.tag }),
      author: () => ({ author: data.authors[0]!.username }),
      favorited: () => ({ favorited: data.viewer.username }),
    };
    // Round 1 reads the index page and the total in parallel (the count of all articles is sharded: one Query
    // of its shards); a username filter first resolves the name.
    const firstRounds = {
      all: [['Query', 'Query']],
      tag: [['GetItem', 'Query']],
      author: [['GetItem'], ['GetItem', 'Query']],
      favorited: [['GetItem'], ['GetItem', 'Query']],
    };

    describe.each(Object.keys(filters) as (keyof typeof filters)[])('filtered by %s', (filter) => {
      it.each(['1', '100'])('reads a page of %s for a signed-in reader in at most 3 round trips, no scan', async (limit) => {
        const { result, calls } = await measured(() => list({ ...filters[filter](), limit }, data.viewer.token));
        expect(result.status).toBe(200);
        expect(result.body.articles.length).toBe(Math.min(Number(limit), result.body.articlesCount));
        const { rounds: measuredRounds, sessionRead } = signedInRounds(calls.calls, userIdOf(data.viewer.token));
        expect(sessionRead).toBe('in round 1');
        expect(measuredRounds.slice(0, -1)).toEqual(firstRounds[filter]);
        expect(measuredRounds.at(-1)!.every((operation) => operation === 'BatchGetItem')).toBe(true);
        expect(calls.roundTrips).toBeLessThanOrEqual(3);
        expect(calls.countOf('Scan')).toBe(0);
        // A full page asks for more than 100 keys (articles, favorite edges, authors, follow edges).
        if (limit === '100') expect(measuredRounds.at(-1)!.length).toBeGreaterThan(1);
        noteBudget(`GET /api/articles (${filter}, limit=${limit}, signed in)`, calls);
      });

      it('reads a full page for an anonymous reader in at most 3 round trips', async () => {
        const { result, calls } = await measured(() => list({ ...filters[filter](), limit: '100' }));
        expect(result.status).toBe(200);
        expect(rounds(calls.calls).slice(0, -1)).toEqual(firstRounds[filter]);
        expect(calls.roundTrips).toBeLessThanOrEqual(3);
        expect(calls.countOf('Scan')).toBe(0);
        noteBudget(`GET /api/articles (${filter}, limit=100, anonymous)`, calls);
      });
    });

    it('reads a deep page (offset 40) in the same round trips', async () => {
      const { result, calls } = await measured(() => list({ tag: data.tag, limit: '10', offset: '40' }, data.viewer.token));
      expect(result.body.articles).toHaveLength(10);
      expect(signedInRounds(calls.calls, userIdOf(data.viewer.token))).toEqual({ rounds: [['GetItem', 'Query'], ['BatchGetItem']], sessionRead: 'in round 1' });
    });

    it('makes one round trip for an unknown author', async () => {
      const { result, calls } = await measured(() => list({ author: 'nobody_by_that_name' }));
      expect(result.body).toEqual({ articles: [], articlesCount: 0 });
      expect(rounds(calls.calls)).toEqual([['GetItem']]);
    });
  });
});
