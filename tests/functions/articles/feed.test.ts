import { beforeAll, describe, expect, it } from 'vitest';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { measured, noteBudget, signedInRounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { type ReadingDataset, readingDataset } from '../support/datasets.ts';
import { interleaveAfterCall } from '../support/faults.ts';
import { deliver, sqsEvent } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const feed = (token: string, query: Record<string, string> = {}) => request('GET /api/articles/feed', { token, query });
const slugsOf = (body: { articles: { slug: string }[] }) => body.articles.map((article) => article.slug);

async function follow(reader: RegisteredUser, author: RegisteredUser) {
  await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  const [readerId, authorId] = [userIdOf(reader.token), userIdOf(author.token)];
  await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === readerId && event.authorId === authorId);
}

/** Publishes an article and runs the fan-out consumer on its delivery. */
async function publish(author: RegisteredUser, input: { title?: string } = {}) {
  const article = await createArticle(author.token, input);
  const articleId = articleIdOf(article.slug);
  const messages = await deliver(feedFanout, 'feed', 'ArticlePublished', (event) => event.articleId === articleId);
  return { article, messages };
}

describe('GET /api/articles/feed', () => {
  it('answers 401 without a token', async () => {
    const response = await request('GET /api/articles/feed');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  it('is empty for a reader who follows no one', async () => {
    const reader = await registerFreshUser('reader');
    const response = await feed(reader.token);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ articles: [], articlesCount: 0 });
  });

  // The read-time merge reads the feed queue's unsettled deliveries newest first, so a new publication is
  // among them however many older ones wait for fan-out.
  it("shows a followed author's new article, once fanned out, with the reader's view of it", async () => {
    const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
    await follow(reader, author);
    const { article } = await publish(author);
    const response = await feed(reader.token);
    expect(response.body.articlesCount).toBe(1);
    expect(response.body.articles).toHaveLength(1);
    expect(response.body.articles[0]).toMatchObject({ slug: article.slug, favorited: false, author: { username: author.username, following: true } });
    expect(response.body.articles[0]).not.toHaveProperty('body');
  });

  it('leaves out articles by authors the reader does not follow', async () => {
    const [reader, followed, stranger] = await Promise.all([registerFreshUser('reader'), registerFreshUser('followed'), registerFreshUser('stranger')]);
    await follow(reader, followed);
    const { article } = await publish(followed);
    await createArticle(stranger.token);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual([article.slug]);
    expect(response.body.articlesCount).toBe(1);
  });

  it("back-fills the feed with a newly followed author's existing articles, newest first", async () => {
    const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
    const written = [];
    for (let i = 0; i < 3; i++) written.push(await createArticle(author.token));
    await follow(reader, author);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual(written.map((article) => article.slug).reverse());
    expect(response.body.articlesCount).toBe(3);
  });

  it("takes an unfollowed author's articles out of the feed", async () => {
    const [reader, author, other] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author'), registerFreshUser('other')]);
    await createArticle(author.token);
    const kept = await createArticle(other.token);
    await follow(reader, author);
    await follow(reader, other);
    await request('DELETE /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
    const [readerId, authorId] = [userIdOf(reader.token), userIdOf(author.token)];
    await deliver(followFeed, 'follows', 'UserUnfollowed', (event) => event.readerId === readerId && event.authorId === authorId);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual([kept.slug]);
    expect(response.body.articlesCount).toBe(1);
  });

  it('drops a deleted article from the page at once and from the count once the fan-out consumer has run', async () => {
    const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
    await follow(reader, author);
    const { article: kept } = await publish(author);
    const { article: deleted } = await publish(author);
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: deleted.slug } });
    expect(slugsOf((await feed(reader.token)).body)).toEqual([kept.slug]);
    const articleId = articleIdOf(deleted.slug);
    await deliver(feedFanout, 'feed', 'ArticleDeleted', (event) => event.articleId === articleId);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual([kept.slug]);
    expect(response.body.articlesCount).toBe(1);
  });

  it('counts an article once when its fan-out message is delivered twice', async () => {
    const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
    await follow(reader, author);
    const { article, messages } = await publish(author);
    const again = await feedFanout(sqsEvent(messages));
    expect(again.batchItemFailures).toEqual([]);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual([article.slug]);
    expect(response.body.articlesCount).toBe(1);
  });

  it('pages with limit and offset, newest first, with articlesCount the total', async () => {
    const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
    const written = [];
    for (let i = 0; i < 5; i++) written.push((await createArticle(author.token)).slug as string);
    await follow(reader, author);
    const newestFirst = [...written].reverse();
    const first = await feed(reader.token, { limit: '2' });
    const second = await feed(reader.token, { limit: '2', offset: '2' });
    const last = await feed(reader.token, { limit: '2', offset: '4' });
    expect(slugsOf(first.body)).toEqual(newestFirst.slice(0, 2));
    expect(slugsOf(second.body)).toEqual(newestFirst.slice(2, 4));
    expect(slugsOf(last.body)).toEqual(newestFirst.slice(4));
    for (const page of [first, second, last]) expect(page.body.articlesCount).toBe(5);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ limit: 'abc' }, 'limit'],
  ])('answers 422 keyed by the field for %j', async (query, field) => {
    const reader = await registerFreshUser('reader');
    const response = await feed(reader.token, query);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
  });

  // The read-time merge reads the feed queue's newest unsettled deliveries (lib/db/feed.ts
  // feedRefPage), so a new publication is among them however many older ones wait for fan-out.
  it("shows a followed author's new article at once, even while 100 older publications await fan-out", async () => {
    const [reader, author, busy] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author'), registerFreshUser('busy')]);
    await follow(reader, author);
    for (let i = 0; i < 100; i += 10) await Promise.all(Array.from({ length: 10 }, () => createArticle(busy.token)));
    const article = await createArticle(author.token);
    const response = await feed(reader.token);
    expect(slugsOf(response.body)).toEqual([article.slug]);
  });

  // A feed read is several DynamoDB calls, and the consumers run whenever their queue delivers: between
  // any two of those calls. Wherever they land, the reader sees both new articles and a count of 2.
  describe('while the consumers run', () => {
    const consumers = {
      'follow back-fill': (readerId: string, authorId: string) =>
        deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === readerId && event.authorId === authorId),
      'fan-out': (_readerId: string, authorId: string) => deliver(feedFanout, 'feed', 'ArticlePublished', (event) => event.authorId === authorId),
    };
    const cases = Object.keys(consumers).flatMap((consumer) => [1, 2, 3, 4].map((call) => [consumer, call] as [keyof typeof consumers, number]));

    it.each(cases)('pages and counts two new articles when the %s runs after call %i of the read', async (consumer, call) => {
      const [reader, author] = await Promise.all([registerFreshUser('reader'), registerFreshUser('author')]);
      await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
      const older = await createArticle(author.token);
      const newer = await createArticle(author.token);
      const interleaving = interleaveAfterCall(call, () => consumers[consumer](userIdOf(reader.token), userIdOf(author.token)));
      const [second, first] = await (async () => {
        try {
          return [await feed(reader.token, { limit: '1', offset: '1' }), await feed(reader.token, { limit: '1' })];
        } finally {
          interleaving.remove();
        }
      })();
      expect(interleaving.ran).toBe(true);
      expect(second.body).toMatchObject({ articlesCount: 2, articles: [{ slug: older.slug }] });
      expect(first.body).toMatchObject({ articlesCount: 2, articles: [{ slug: newer.slug }] });
    });
  });

  describe('call budget', () => {
    let data: ReadingDataset;
    beforeAll(async () => {
      data = await readingDataset();
    }, 120_000);

    it.each(['1', '100'])('reads a page of %s in at most 3 round trips, whatever the page size, no scan', async (limit) => {
      const { result, calls } = await measured(() => feed(data.viewer.token, { limit }));
      expect(result.status).toBe(200);
      expect(result.body.articles).toHaveLength(Math.min(Number(limit), data.slugs.length));
      expect(result.body.articlesCount).toBeGreaterThanOrEqual(data.slugs.length);
      const { rounds: measuredRounds, sessionRead } = signedInRounds(calls.calls, userIdOf(data.viewer.token));
      expect(sessionRead).toBe('in round 1');
      // Pending publications first, then the feed partition with the snapshot of the count (a plain GetItem
      // when nothing is pending; here other tests' publications always are), then the page's items.
      expect(measuredRounds[0]).toEqual(['Query']);
      expect(measuredRounds[1]).toEqual(['BatchGetItem', 'Query', 'TransactGetItems']);
      expect(measuredRounds.at(-1)!.every((operation) => operation === 'BatchGetItem')).toBe(true);
      expect(calls.roundTrips).toBeLessThanOrEqual(3);
      expect(calls.countOf('Scan')).toBe(0);
      // A full page asks for more than 100 keys: several BatchGetItem calls, sent together.
      if (limit === '100') expect(measuredRounds.at(-1)!.length).toBeGreaterThan(1);
      noteBudget(`GET /api/articles/feed?limit=${limit}`, calls);
    });
  });
});
