import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { config } from '#lib/config';
import { indexes } from '#lib/db/entities';
import { parkedDeliveries, pendingDeliveries, postponeDelivery, REDELIVER_AFTER_SECONDS, recordProgress, unparkDelivery } from '#lib/db/outbox';
import type { QueueMessage } from '#lib/events/domain-events';
import { QUEUES } from '#lib/events/domain-events';
import { redriveParked } from '#lib/jobs/redrive';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as sweep } from '../../../functions/schedules/outbox-sweeper.ts';
import { clearOutbox, outboxDelivery, receiveAll, useBackend } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { outboxMessages, sqsEvent } from '../support/queue.ts';

// The sweeper reads every pending delivery of the table and sends to the queues: this file has a table and
// an SQS emulator of its own, set up, pointed at before any test runs (lib reads its endpoints on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
afterAll(() => backend.close());
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

    expect(await sweep()).toEqual({ resent: 0, parked: 0 });

    expect(await bodies('feed')).toEqual([]);
  });

  it('resends an overdue delivery as it was first sent, and postpones it so the next run leaves it alone', async () => {
    const { message } = await published(author);
    await postponeDelivery(message.eventId, 'feed', -1);
    const overdue = await outboxDelivery(message.eventId, 'feed');
    expect(dueAt(overdue) < inSeconds(0)).toBe(true);

    expect(await sweep()).toEqual({ resent: 1, parked: 0 });

    expect(await bodies('feed')).toEqual([message]);
    const postponed = await outboxDelivery(message.eventId, 'feed');
    expect(postponed!.attempts).toBe((overdue!.attempts as number) + 1);
    expect(dueAt(postponed) > inSeconds(REDELIVER_AFTER_SECONDS / 2)).toBe(true);
    expect(await sweep()).toEqual({ resent: 0, parked: 0 });
    expect(await bodies('feed')).toEqual([]);
  });

  it('resends an overdue delete to each queue it goes to', async () => {
    const { article } = await published(author);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } })).status).toBe(204);
    const [deleted] = await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === articleIdOf(article.slug));
    await Promise.all([bodies('feed'), bodies('cleanup')]);
    await postponeDelivery(deleted!.eventId, 'feed', -1);
    await postponeDelivery(deleted!.eventId, 'cleanup', -1);

    expect(await sweep()).toEqual({ resent: 2, parked: 0 });

    expect(await bodies('feed')).toEqual([{ ...deleted, queue: 'feed' }]);
    expect(await bodies('cleanup')).toEqual([deleted]);
  });

  it('never resends a delivery its consumer has settled', async () => {
    const { message } = await published(author);
    expect((await feedFanout(sqsEvent([message]))).batchItemFailures).toEqual([]);
    await postponeDelivery(message.eventId, 'feed', -1);
    expect(await outboxDelivery(message.eventId, 'feed')).toBeUndefined();

    expect(await sweep()).toEqual({ resent: 0, parked: 0 });

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

    expect(await sweep()).toEqual({ resent: 1, parked: 0 });
    expect(await bodies('feed')).toEqual([message]);
  });

  it('parks a delivery sent MAX_DELIVERY_ATTEMPTS times instead of sending it again: kept, listed as parked, never swept', async () => {
    const { message } = await published(author);
    // Sent once by the request; each overdue run sends it again until the attempts are spent.
    for (let sent = 1; sent < config().maxDeliveryAttempts; sent++) {
      await postponeDelivery(message.eventId, 'feed', -1);
      await bodies('feed');
    }
    await postponeDelivery(message.eventId, 'feed', -1);
    expect((await outboxDelivery(message.eventId, 'feed'))!.attempts).toBe(config().maxDeliveryAttempts + 1);

    const stdout = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await sweep()).toEqual({ resent: 0, parked: 1 });
    const metrics = stdout.mock.calls.map(([line]) => JSON.parse(String(line))).filter((line) => line._aws);
    stdout.mockRestore();

    // The embedded metric ParkedDeliveriesAlarm watches.
    expect(metrics).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [{ Namespace: 'Conduit', Dimensions: [['Stage']], Metrics: [{ Name: 'DeliveriesParked', Unit: 'Count' }] }],
        },
        Stage: 'local',
        DeliveriesParked: 1,
      },
    ]);
    expect(await bodies('feed')).toEqual([]);
    expect(await outboxDelivery(message.eventId, 'feed')).toMatchObject({ eventId: message.eventId, parkedAt: expect.any(String) });
    expect(await parkedDeliveries('feed', 10)).toEqual([message.eventId]);
    expect(await pendingDeliveries('feed', { limit: 10 })).toEqual([]);
    await postponeDelivery(message.eventId, 'feed', -1);
    expect(await sweep()).toEqual({ resent: 0, parked: 0 });
    expect(await bodies('feed')).toEqual([]);
  });

  it('redrives parked deliveries (npm run redrive): sent again at once, with their attempts counted afresh', async () => {
    const { message } = await published(author);
    for (let sent = 0; sent < config().maxDeliveryAttempts; sent++) await postponeDelivery(message.eventId, 'feed', -1);
    expect(await sweep()).toEqual({ resent: 0, parked: 1 });

    expect(await redriveParked('feed')).toEqual({ redriven: 1, resent: 1 });

    expect(await parkedDeliveries('feed', 10)).toEqual([]);
    expect(await bodies('feed')).toEqual([message]);
    expect((await outboxDelivery(message.eventId, 'feed'))!.attempts).toBe(1);
    expect(await unparkDelivery(message.eventId, 'feed'), 'a delivery that is not parked stays as it is').toBe(false);
    expect(await sweep()).toEqual({ resent: 0, parked: 0 });
  });

  it('resumes a long job from its recorded progress, not from the start, and does not count progress as failure', async () => {
    const { message } = await published(author);
    const continueFrom = { PK: 'USER#somewhere', SK: 'FOLLOWER#half-way' };
    for (let sent = 1; sent < config().maxDeliveryAttempts; sent++) await postponeDelivery(message.eventId, 'feed', -1);

    await recordProgress(message.eventId, 'feed', continueFrom);
    expect((await outboxDelivery(message.eventId, 'feed'))!.attempts).toBe(1);
    await postponeDelivery(message.eventId, 'feed', -1);

    expect(await sweep()).toEqual({ resent: 1, parked: 0 });
    expect(await bodies('feed')).toEqual([{ ...message, continueFrom }]);
  });
});
