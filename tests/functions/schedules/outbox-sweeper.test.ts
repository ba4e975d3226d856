import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueMessage } from '#lib/events/domain-events';
import type { RegisteredUser } from '../../support/users.ts';
import { clearOutbox, outboxDelivery, receiveAll, useBackend } from '../../support/queues.ts';

// The sweeper reads every pending delivery of the table and sends to the queues: this file has a table and
// an SQS emulator of its own, set up before anything imports lib/ (which reads its endpoints once).
const backend = await useBackend({ table: 'own', queues: 'own' });
afterAll(() => backend.close());
const { handler: sweep } = await import('../../../functions/schedules/outbox-sweeper.ts');
const { handler: feedFanout } = await import('../../../functions/consumers/feed-fanout.ts');
const { QUEUES } = await import('#lib/events/domain-events');
const { indexes } = await import('#lib/db/entities');
const { pendingDeliveries, postponeDelivery, REDELIVER_AFTER_SECONDS } = await import('#lib/db/outbox');
const { registerFreshUser } = await import('../../support/users.ts');
const { articleIdOf, createArticle } = await import('../support/articles.ts');
const { request } = await import('../support/conduit.ts');
const { outboxMessages, sqsEvent } = await import('../support/queue.ts');
await backend.assertLibUsesIt();

const bodies = async (queue: QueueMessage['queue']) => (await receiveAll(backend, queue)).map((message) => JSON.parse(message.Body!) as QueueMessage);
const dueAt = (delivery: Record<string, unknown> | undefined) => String(delivery?.[indexes.pendingDeliveries.sk]).split('#')[0]!;
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** Publishes an article and takes the message the request sent off the feed queue, as a consumer would. */
async function published(author: RegisteredUser) {
  const article = await createArticle(author.token);
  const [message, ...more] = await bodies('feed');
  expect(more).toEqual([]);
  expect(message).toMatchObject({ event: { type: 'ArticlePublished', articleId: articleIdOf(article.slug) } });
  return { article, message: message! };
}

let author: RegisteredUser;
beforeAll(async () => {
  author = await registerFreshUser('author');
});

// Each test starts from an empty outbox and empty queues.
afterEach(async () => {
  await clearOutbox();
  for (const queue of QUEUES) await receiveAll(backend, queue);
});

// GSI1 projects keys, not eventId: pendingDeliveries() reads the event id from the table key (OUTBOX#<eventId>),
// so the sweeper finds, resends and postpones each overdue delivery.
describe('outbox sweeper', () => {
  it('reads the event id of each pending delivery (pendingDeliveries, which the sweeper sends from)', async () => {
    const { message } = await published(author);

    const pending = await pendingDeliveries('feed', { limit: 10 });

    expect(pending.map((delivery) => delivery.eventId)).toEqual([message.eventId]);
  });

  it('resends nothing that is not yet due', async () => {
    const { message } = await published(author);
    expect(await outboxDelivery(message.eventId, 'feed')).toBeDefined();

    expect(await sweep()).toEqual({ resent: 0 });

    expect(await bodies('feed')).toEqual([]);
  });

  it('resends an overdue delivery as it was first sent, and postpones it so the next run leaves it alone', async () => {
    const { message } = await published(author);
    await postponeDelivery(message.eventId, 'feed', -1);
    const overdue = await outboxDelivery(message.eventId, 'feed');
    expect(dueAt(overdue) < inSeconds(0)).toBe(true);

    expect(await sweep()).toEqual({ resent: 1 });

    expect(await bodies('feed')).toEqual([message]);
    const postponed = await outboxDelivery(message.eventId, 'feed');
    expect(postponed!.attempts).toBe((overdue!.attempts as number) + 1);
    expect(dueAt(postponed) > inSeconds(REDELIVER_AFTER_SECONDS / 2)).toBe(true);
    expect(await sweep()).toEqual({ resent: 0 });
    expect(await bodies('feed')).toEqual([]);
  });

  it('resends an overdue delete to each queue it goes to', async () => {
    const { article } = await published(author);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } })).status).toBe(204);
    const [deleted] = await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleIdOf(article.slug));
    await Promise.all([bodies('feed'), bodies('cleanup')]);
    await postponeDelivery(deleted!.eventId, 'feed', -1);
    await postponeDelivery(deleted!.eventId, 'cleanup', -1);

    expect(await sweep()).toEqual({ resent: 2 });

    expect(await bodies('feed')).toEqual([{ ...deleted, queue: 'feed' }]);
    expect(await bodies('cleanup')).toEqual([deleted]);
  });

  it('never resends a delivery its consumer has settled', async () => {
    const { message } = await published(author);
    expect((await feedFanout(sqsEvent([message]))).batchItemFailures).toEqual([]);
    await postponeDelivery(message.eventId, 'feed', -1);
    expect(await outboxDelivery(message.eventId, 'feed')).toBeUndefined();

    expect(await sweep()).toEqual({ resent: 0 });

    expect(await bodies('feed')).toEqual([]);
  });

  it('fails while the queue is down without postponing anything, so a later run delivers', async () => {
    const { message } = await published(author);
    await postponeDelivery(message.eventId, 'feed', -1);
    const overdue = await outboxDelivery(message.eventId, 'feed');

    await backend.stopQueues();
    try {
      await expect(sweep()).rejects.toThrow();
      expect(await outboxDelivery(message.eventId, 'feed')).toEqual(overdue);
    } finally {
      await backend.restartQueues();
    }

    expect(await sweep()).toEqual({ resent: 1 });
    expect(await bodies('feed')).toEqual([message]);
  });
});
