import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, table } from '#lib/db/client';
import * as entities from '#lib/db/entities';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { handler as reconcile } from '../../../functions/schedules/reconcile-counters.ts';
import { useBackend } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle, uniqueTag } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

// The recount scans the whole table: this file has a table of its own, so it sees exactly the counters its
// tests made and never corrects another test's counter mid-change. Corrections are logged as warnings;
// lib/log.ts reads LOG_LEVEL on its first line, so it is set before any test runs.
const backend = await useBackend({ table: 'own', queues: 'shared' });
afterAll(() => backend.close());
process.env.LOG_LEVEL = 'info';
await backend.assertLibUsesIt();

/** Sets a counter by hand, as a bug or a manual edit would. */
const corrupt = (key: { PK: string; SK: string }, attribute: string, value: number) =>
  db().send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET #counter = :value',
      ExpressionAttributeNames: { '#counter': attribute },
      ExpressionAttributeValues: { ':value': value },
    }),
  );

/** The structured log lines written to stderr while `action` ran. */
async function logLines<T>(action: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const result = await action();
    return { result, lines: stderr.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>) };
  } finally {
    stderr.mockRestore();
  }
}

const favoritesCountOf = async (slug: string) => (await request('GET /api/articles/{slug}', { pathParameters: { slug } })).body.article.favoritesCount;

let author: RegisteredUser;
let fans: RegisteredUser[];
let slug: string;

// An author, an article with a tag, two fans who favorite it, and one fan who follows the author with the
// fan-out and back-fill delivered: every kind of counter the recount checks has a value.
beforeAll(async () => {
  const users = await Promise.all(['author', 'fan', 'fan'].map((prefix) => registerFreshUser(prefix)));
  [author, ...fans] = users as [RegisteredUser, RegisteredUser, RegisteredUser];
  expect((await request('POST /api/profiles/{username}/follow', { token: fans[0]!.token, pathParameters: { username: author.username } })).status).toBe(200);
  slug = (await createArticle(author.token, { tagList: [uniqueTag('counted')] })).slug;
  for (const fan of fans) expect((await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug } })).status).toBe(200);
  await deliver(feedFanout, 'feed', 'ArticlePublished', (event) => event.articleId === articleIdOf(slug));
  await deliver(followFeed, 'follows', 'UserFollowed', () => true);
});

afterEach(() => vi.restoreAllMocks());

describe('reconcile counters', () => {
  it('finds nothing to correct when every counter matches its items', async () => {
    expect(await reconcile()).toEqual({ drifts: 0, corrected: 0 });
  });

  it("finds and corrects an article's favoritesCount set to 7 by hand, and logs the correction", async () => {
    await corrupt(entities.article.key(articleIdOf(slug)), 'favoritesCount', 7);
    expect(await favoritesCountOf(slug)).toBe(7);

    const { result, lines } = await logLines(() => reconcile());

    expect(result).toEqual({ drifts: 1, corrected: 1 });
    expect(await favoritesCountOf(slug)).toBe(2);
    expect(lines.filter((line) => line.message === 'counter corrected')).toEqual([
      {
        level: 'warn',
        message: 'counter corrected',
        time: expect.any(String),
        key: entities.article.key(articleIdOf(slug)),
        attribute: 'favoritesCount',
        stored: 7,
        actual: 2,
        applied: true,
      },
    ]);
    expect(await reconcile()).toEqual({ drifts: 0, corrected: 0 });
  });

  it("corrects an author's article count and a reader's feed count", async () => {
    await corrupt(entities.user.key(userIdOf(author.token)), 'articlesCount', 5);
    await corrupt(entities.feedCount.key(userIdOf(fans[0]!.token)), 'feedCount', 9);
    expect((await request('GET /api/articles', { query: { author: author.username } })).body.articlesCount).toBe(5);
    expect((await request('GET /api/articles/feed', { token: fans[0]!.token })).body.articlesCount).toBe(9);

    const { result, lines } = await logLines(() => reconcile());

    expect(result).toEqual({ drifts: 2, corrected: 2 });
    expect(lines.filter((line) => line.message === 'counter corrected').map(({ attribute, stored, actual }) => ({ attribute, stored, actual }))).toEqual(
      expect.arrayContaining([
        { attribute: 'articlesCount', stored: 5, actual: 1 },
        { attribute: 'feedCount', stored: 9, actual: 1 },
      ]),
    );
    expect((await request('GET /api/articles', { query: { author: author.username } })).body.articlesCount).toBe(1);
    expect((await request('GET /api/articles/feed', { token: fans[0]!.token })).body.articlesCount).toBe(1);
  });

  // A deleted article's favorites stay in its partition until the clean-up consumer removes them: they are
  // not a drift, and the recount must not recreate the article as a bare counter.
  it('leaves a deleted article deleted when it runs before the clean-up consumer', async () => {
    const doomed = await createArticle(author.token);
    for (const fan of fans)
      expect((await request('POST /api/articles/{slug}/favorite', { token: fan.token, pathParameters: { slug: doomed.slug } })).status).toBe(200);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: doomed.slug } })).status).toBe(204);

    await reconcile();
    const secondRun = await reconcile();

    expect(
      (await db().send(new GetCommand({ TableName: table(), Key: entities.article.key(articleIdOf(doomed.slug)), ConsistentRead: true }))).Item,
    ).toBeUndefined();
    expect(secondRun).toEqual({ drifts: 0, corrected: 0 });
    expect((await request('GET /api/articles')).body.articlesCount).toBe(1);
    expect((await request('GET /api/articles/{slug}', { pathParameters: { slug: doomed.slug } })).status).toBe(404);
  });

  // The scan is no snapshot: an item early in it can be read before a write and the counter it moves after.
  // Here a favorite lands after the scan passed where its item goes and before it reached the article: the
  // scan sees the new count and not the favorite that made it.
  it('never writes a wrong count over a correct counter when a favorite lands mid-scan', async () => {
    const racy = await createArticle(author.token);
    const articleKey = entities.article.key(articleIdOf(racy.slug));
    const name = 'test-favorite-mid-scan';
    let landed = false;
    db().middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (landed || context.commandName !== 'ScanCommand') return result;
        landed = true;
        expect((await request('POST /api/articles/{slug}/favorite', { token: fans[0]!.token, pathParameters: { slug: racy.slug } })).status).toBe(200);
        const { Item } = await db().send(new GetCommand({ TableName: table(), Key: articleKey, ConsistentRead: true }));
        const output = result.output as { Items?: Record<string, unknown>[] };
        output.Items = output.Items?.map((item) => (item.PK === articleKey.PK && item.SK === articleKey.SK ? Item! : item));
        return result;
      },
      { step: 'initialize', name, priority: 'high' },
    );
    try {
      const { lines } = await logLines(() => reconcile());
      expect(landed).toBe(true);
      expect(lines.filter((line) => line.message === 'counter corrected')).toEqual([]);
      expect(lines.filter((line) => line.message === 'counter drift not confirmed; left for the next run')).toEqual([
        expect.objectContaining({ key: articleKey, attribute: 'favoritesCount', stored: 1, counted: 0 }),
      ]);
    } finally {
      db().middlewareStack.remove(name);
    }

    expect(await favoritesCountOf(racy.slug)).toBe(1);
    expect(await reconcile()).toEqual({ drifts: 0, corrected: 0 });
  });
});
