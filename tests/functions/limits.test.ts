import { afterEach, describe, expect, it, vi } from 'vitest';
import { uniqueName } from '../support/unique.ts';
import { registerFreshUser } from '../support/users.ts';
import { createArticle } from './support/articles.ts';
import { request } from './support/conduit.ts';

// Read on the first request of this file (lib/config.ts): small limits, so a test can reach them.
Object.assign(process.env, {
  LIMIT_ARTICLES_PER_MINUTE: '3',
  LIMIT_COMMENTS_PER_MINUTE: '3',
  LIMIT_FOLLOWS_PER_MINUTE: '2',
  LIMIT_FAVORITES_PER_MINUTE: '2',
});

/** A 429 as RealWorld clients read errors, naming the limit, with a Retry-After within the minute. */
function expectLimited(response: { status: number; headers: Record<string, unknown>; body: any }, limit: string) {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({ errors: { [limit]: ['too many in 60 seconds, try again later'] } });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

afterEach(() => {
  vi.useRealTimers();
});

const newArticle = (title: string) => ({ article: { title, description: 'd', body: 'b', tagList: [] } });

describe('per-user write limits', () => {
  it('refuses a user’s comments past the limit with 429 and stores none of them; another user is not limited', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    const [author, commenter, other] = await Promise.all([registerFreshUser('limits'), registerFreshUser('limits'), registerFreshUser('limits')]);
    const { slug } = await createArticle(author.token);
    const comment = (token: string) => request('POST /api/articles/{slug}/comments', { token, pathParameters: { slug }, body: { comment: { body: 'hi' } } });
    for (let i = 0; i < 3; i++) expect((await comment(commenter.token)).status).toBe(201);
    expectLimited(await comment(commenter.token), 'comments');
    expect((await comment(other.token)).status).toBe(201);
    const list = await request('GET /api/articles/{slug}/comments', { pathParameters: { slug } });
    expect(list.body.comments).toHaveLength(4);
    // The next window starts afresh.
    vi.setSystemTime(Date.now() + 60_000);
    expect((await comment(commenter.token)).status).toBe(201);
  });

  it('refuses a user’s articles past the limit', async () => {
    const user = await registerFreshUser('limits');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    for (let i = 0; i < 3; i++) expect((await request('POST /api/articles', { token: user.token, body: newArticle(uniqueName('t')) })).status).toBe(201);
    const title = uniqueName('refused');
    expectLimited(await request('POST /api/articles', { token: user.token, body: newArticle(title) }), 'articles');
    const mine = await request('GET /api/articles', { query: { author: user.username } });
    expect(mine.body.articlesCount).toBe(3);
  });

  it('refuses a user’s follows past the limit', async () => {
    const [follower, ...authors] = await Promise.all([0, 1, 2, 3].map(() => registerFreshUser('limits')));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    const follow = (username: string) => request('POST /api/profiles/{username}/follow', { token: follower!.token, pathParameters: { username } });
    expect((await follow(authors[0]!.username)).status).toBe(200);
    expect((await follow(authors[1]!.username)).status).toBe(200);
    expectLimited(await follow(authors[2]!.username), 'follows');
    const profile = await request('GET /api/profiles/{username}', { token: follower!.token, pathParameters: { username: authors[2]!.username } });
    expect(profile.body.profile.following).toBe(false);
  });

  it('refuses a user’s favorites past the limit', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('limits'), registerFreshUser('limits')]);
    const articles = [];
    for (let i = 0; i < 3; i++) articles.push(await createArticle(author.token));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    const favorite = (slug: string) => request('POST /api/articles/{slug}/favorite', { token: reader.token, pathParameters: { slug } });
    expect((await favorite(articles[0]!.slug)).status).toBe(200);
    expect((await favorite(articles[1]!.slug)).status).toBe(200);
    expectLimited(await favorite(articles[2]!.slug), 'favorites');
    const article = await request('GET /api/articles/{slug}', { token: reader.token, pathParameters: { slug: articles[2]!.slug } });
    expect(article.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
  });

  it('does not count requests refused before the limit (invalid input)', async () => {
    const user = await registerFreshUser('limits');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000);
    for (let i = 0; i < 5; i++) expect((await request('POST /api/articles', { token: user.token, body: {} })).status).toBe(422);
    expect((await request('POST /api/articles', { token: user.token, body: newArticle(uniqueName('t')) })).status).toBe(201);
  });
});
