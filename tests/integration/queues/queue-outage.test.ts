import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postponeDelivery } from '#lib/db/outbox';
import { handler as sweep } from '../../../functions/schedules/outbox-sweeper.ts';
import { articleIdOf } from '../../functions/support/articles.ts';
import { request } from '../../functions/support/conduit.ts';
import { outboxMessages } from '../../functions/support/queue.ts';
import { userIdOf } from '../../functions/support/tokens.ts';
import { outboxDelivery, type RunningPoller, startInProcessPoller, storedFeed, useBackend } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';

// This file stops and restarts its SQS emulator, and sweeps the whole outbox: it gets a table and an
// emulator of its own, pointed at before any test runs (lib reads its endpoints on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
await backend.assertLibUsesIt();

let poller: RunningPoller;

beforeAll(async () => {
  poller = await startInProcessPoller(backend);
});

afterAll(async () => {
  await poller?.stop();
  await backend.close();
});

/**
 * An author and a follower of theirs, the follow's back-fill settled (the queues work). Each test has its own, so
 * one test's article never reaches another test's follower, however its delivery goes.
 */
async function authorAndFollower(): Promise<{ author: RegisteredUser; follower: RegisteredUser }> {
  const [author, follower] = (await Promise.all([registerFreshUser('author'), registerFreshUser('reader')])) as [RegisteredUser, RegisteredUser];
  const followed = await request('POST /api/profiles/{username}/follow', { token: follower.token, pathParameters: { username: author.username } });
  expect(followed.status).toBe(200);
  await vi.waitFor(
    async () => {
      const pending = await outboxMessages('follows', 'UserFollowed', (event) => event.readerId === userIdOf(follower.token));
      // What the poller last did, should the back-fill never settle.
      const seen = { lastError: String(poller.lastError() ?? ''), invocations: poller.invocations.filter((run) => run.functionKey === 'followFeed').slice(-3) };
      expect(pending, JSON.stringify(seen)).toEqual([]);
    },
    { timeout: 15_000, interval: 100 },
  );
  return { author, follower };
}

/** Publishes while the emulator is down; the queue comes back afterwards, empty. */
async function publishDuringOutage(author: RegisteredUser) {
  await backend.stopQueues();
  try {
    const response = await request('POST /api/articles', {
      token: author.token,
      body: { article: { title: 'Written while the queue was down', description: 'outage', body: 'Still accepted.' } },
    });
    const [delivery, ...more] =
      response.status === 201 ? await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleIdOf(response.body.article.slug)) : [];
    expect(more).toEqual([]);
    return { response, delivery };
  } finally {
    await backend.restartQueues();
  }
}

describe('a queue that is down when an article is published', () => {
  it('still answers 201, keeps the delivery in the outbox, and the follower sees the article at once', async () => {
    const { author, follower } = await authorAndFollower();
    const { response, delivery } = await publishDuringOutage(author);

    expect(response.status).toBe(201);
    const articleId = articleIdOf(response.body.article.slug);
    expect(delivery).toMatchObject({ queue: 'feed', event: { type: 'ArticlePublished', articleId } });
    expect(await outboxDelivery(delivery!.eventId, 'feed')).toBeDefined();
    // Nothing reached the consumer; the feed read merges the pending delivery in.
    expect((await storedFeed(userIdOf(follower.token))).articleIds).not.toContain(articleId);
    const feed = await request('GET /api/articles/feed', { token: follower.token });
    expect(feed.body.articles.map((article: { slug: string }) => article.slug)).toContain(response.body.article.slug);
  });

  // The sweeper resends what the outage kept from being sent; the poller then delivers it.
  it("reaches the follower's feed through the poller once the queue is back and the sweeper has run", async () => {
    const { author, follower } = await authorAndFollower();
    const { response, delivery } = await publishDuringOutage(author);
    expect(response.status).toBe(201);
    const articleId = articleIdOf(response.body.article.slug);
    // Overdue now, as it would be REDELIVER_AFTER_SECONDS later.
    await postponeDelivery(delivery!.eventId, 'feed', -1);

    expect(await sweep()).toEqual({ resent: 1, parked: 0 });

    await expect.poll(() => storedFeed(userIdOf(follower.token)), { timeout: 10_000 }).toEqual({ articleIds: [articleId], count: 1 });
    await expect.poll(() => outboxDelivery(delivery!.eventId, 'feed'), { timeout: 10_000 }).toBeUndefined();
  });
});
