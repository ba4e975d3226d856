import { afterAll, describe, expect, it, vi } from 'vitest';
import type { QueueMessage } from '#lib/events/domain-events';
import { articleIdOf, createArticle } from '../../functions/support/articles.ts';
import { request } from '../../functions/support/conduit.ts';
import { outboxMessages } from '../../functions/support/queue.ts';
import { userIdOf } from '../../functions/support/tokens.ts';
import {
  outboxDelivery,
  purgeQueue,
  queueDepth,
  type RunningPoller,
  receiveAll,
  sendBodies,
  startInProcessPoller,
  storedFeed,
  useBackend,
} from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';

// This file polls its queues with the poller from scripts/local/sqs.ts and reads the dead-letter queue: it
// gets a table and an emulator of its own, pointed at before any test runs (lib reads its endpoints on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
await backend.assertLibUsesIt();

let poller: RunningPoller | undefined;
afterAll(async () => {
  await poller?.stop();
  await backend.close();
});

describe('a poison message on the feed queue', () => {
  it('ends in the dead-letter queue after maxReceiveCount receives, while the good messages of its batch are processed once', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    expect((await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } })).status).toBe(200);
    const articleIds = [articleIdOf((await createArticle(author.token)).slug), articleIdOf((await createArticle(author.token)).slug)].sort();
    const good = await Promise.all(articleIds.map(async (id) => (await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === id))[0]!));
    const poison = JSON.stringify({ ...good[0], eventId: 'poison', event: { type: 'ArticleArchived', articleId: articleIds[0] } });
    // The requests sent their messages one by one; send them again with the poison between them in one batch.
    await purgeQueue(backend, 'feed');
    await sendBodies(backend, 'feed', [JSON.stringify(good[0]), poison, JSON.stringify(good[1])]);

    // The consumer logs each failure at error level; kept to check, not printed.
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    poller = await startInProcessPoller(backend, { functionKeys: ['feedFanout'], retryDelaySeconds: 1 });
    await expect.poll(() => queueDepth(backend, 'feed-dlq'), { timeout: 20_000 }).toBe(1);
    await poller.stop();
    const logged = stderr.mock.calls.map(([line]) => JSON.parse(String(line))).filter((line) => line.message === 'message failed');
    stderr.mockRestore();

    const [first] = poller.invocations;
    expect(first!.records.map((record) => record.body)).toEqual([JSON.stringify(good[0]), poison, JSON.stringify(good[1])]);
    expect(first!.failed).toEqual([first!.records[1]!.messageId]);
    const receivesOf = (body: string) => poller!.invocations.flatMap((invocation) => invocation.records.filter((record) => record.body === body));
    const maxReceiveCount = backend.maxReceiveCount('feed');
    expect(receivesOf(poison).map((record) => record.receiveCount)).toEqual(Array.from({ length: maxReceiveCount }, (_, i) => i + 1));
    for (const message of good) expect(receivesOf(JSON.stringify(message as QueueMessage))).toHaveLength(1);
    expect(logged.map((line) => line.receiveCount)).toEqual(receivesOf(poison).map((record) => record.receiveCount));

    expect((await receiveAll(backend, 'feed-dlq')).map((message) => message.Body)).toEqual([poison]);
    expect(await queueDepth(backend, 'feed')).toBe(0);
    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds, count: 2 });
    for (const message of good) expect(await outboxDelivery(message.eventId, 'feed')).toBeUndefined();
  });
});
