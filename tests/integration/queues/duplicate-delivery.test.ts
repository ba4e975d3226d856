import { afterAll, describe, expect, it } from 'vitest';
import type { QueueMessage } from '#lib/events/domain-events';
import { articleIdOf, createArticle } from '../../functions/support/articles.ts';
import { request } from '../../functions/support/conduit.ts';
import { outboxMessages } from '../../functions/support/queue.ts';
import { userIdOf } from '../../functions/support/tokens.ts';
import { outboxDelivery, queueDepth, type RunningPoller, sendBodies, startInProcessPoller, storedFeed, useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';

// This file polls its queues with the poller from scripts/local/sqs.ts: it gets a table and an emulator of
// its own, pointed at before any test runs (lib reads its endpoints on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
await backend.assertLibUsesIt();

let poller: RunningPoller | undefined;
afterAll(async () => {
  await poller?.stop();
  await backend.close();
});

const bodiesSeen = (functionKey: string) =>
  poller!.invocations.filter((invocation) => invocation.functionKey === functionKey).flatMap((invocation) => invocation.records.map((record) => record.body));
const timesSeen = (functionKey: string, message: QueueMessage) => bodiesSeen(functionKey).filter((body) => body === JSON.stringify(message)).length;

describe('the same message delivered twice through the queue', () => {
  it("changes nothing: every follower's feed holds the article once and counts it once", async () => {
    const [author, ...readers] = await Promise.all(['author', 'reader', 'reader'].map((prefix) => registerFreshUser(prefix)));
    for (const reader of readers) {
      expect((await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author!.username } })).status).toBe(200);
    }
    const followed = await outboxMessages('follows', 'UserFollowed', () => true);
    const articleId = articleIdOf((await createArticle(author!.token)).slug);
    const [published] = await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleId);
    // Each request already sent its message once; each goes once more, in one batch per queue. The poller
    // starts after the article exists, so the back-fills and the fan-out also race to write the same entries.
    await sendBodies(
      backend,
      'follows',
      followed.map((message) => JSON.stringify(message)),
    );
    await sendBodies(backend, 'feed', [JSON.stringify(published)]);

    poller = await startInProcessPoller(backend, { retryDelaySeconds: 1 });
    await expect.poll(() => timesSeen('feedFanout', published!), { timeout: 15_000 }).toBe(2);
    for (const message of followed) await expect.poll(() => timesSeen('followFeed', message), { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await queueDepth(backend, 'feed')) + (await queueDepth(backend, 'follows')), { timeout: 15_000 }).toBe(0);

    expect(poller.invocations.flatMap((invocation) => invocation.failed)).toEqual([]);
    for (const reader of readers) expect(await storedFeed(userIdOf(reader!.token))).toEqual({ articleIds: [articleId], count: 1 });
    for (const message of [published!, ...followed]) expect(await outboxDelivery(message.eventId, message.queue)).toBeUndefined();

    // And a third time, long after the work was settled.
    await sendBodies(backend, 'feed', [JSON.stringify(published)]);
    await expect.poll(() => timesSeen('feedFanout', published!), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => queueDepth(backend, 'feed'), { timeout: 15_000 }).toBe(0);
    for (const reader of readers) expect(await storedFeed(userIdOf(reader!.token))).toEqual({ articleIds: [articleId], count: 1 });
  });
});
