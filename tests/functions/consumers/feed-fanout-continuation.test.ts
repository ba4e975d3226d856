import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { indexes, user } from '#lib/db/entities';
import { follow } from '#lib/db/follows';
import { REDELIVER_AFTER_SECONDS } from '#lib/db/outbox';
import type { QueueMessage } from '#lib/events/domain-events';
import { FOLLOWERS_PER_STEP } from '#lib/jobs/feed';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { outboxDelivery, receiveAll, storedFeed, useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { sqsEvent } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

// A step that leaves work over sends it to the feed queue as a new message, so this file reads that queue:
// it gets a table and an SQS emulator of its own, set up before any test runs (lib reads its endpoints
// from the environment on first use).
const backend = await useBackend({ table: 'own', queues: 'own' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();

/** Each reader's stored feed, read 50 readers at a time. */
async function feedsOf(readerIds: string[]) {
  const feeds: Awaited<ReturnType<typeof storedFeed>>[] = [];
  for (let i = 0; i < readerIds.length; i += 50) feeds.push(...(await Promise.all(readerIds.slice(i, i + 50).map(storedFeed))));
  return feeds;
}

describe('feed fan-out to more followers than one step takes', () => {
  it('continues through a continuation message, and settles the delivery only when the last step is done', async () => {
    const author = await registerFreshUser('author');
    const authorId = userIdOf(author.token);
    // Follow edges through lib/db directly: 501 readers need no accounts, only a user item (a follow is
    // conditional on its follower's) and edges. Their back-fill events stay unsent in this file's own outbox.
    const readerIds = Array.from({ length: FOLLOWERS_PER_STEP + 1 }, () => `reader-${randomUUID()}`);
    const followedBy = async (readerId: string) => {
      await db().send(new PutCommand({ TableName: table(), Item: user.key(readerId) }));
      await follow({ userId: readerId, sessionId: 'back-fill-test', generation: 0 }, authorId);
    };
    for (let i = 0; i < readerIds.length; i += 50) await Promise.all(readerIds.slice(i, i + 50).map(followedBy));
    const articleId = articleIdOf((await createArticle(author.token)).slug);

    // The request sent the publication to the feed queue after its commit.
    const sent = await receiveAll(backend, 'feed');
    expect(sent).toHaveLength(1);
    const published = JSON.parse(sent[0]!.Body!) as QueueMessage;
    expect(published).toMatchObject({ queue: 'feed', event: { type: 'ArticlePublished', articleId, authorId } });
    expect(published.continueFrom).toBeUndefined();

    expect((await feedFanout(sqsEvent([published]))).batchItemFailures).toEqual([]);

    const afterFirstStep = await feedsOf(readerIds);
    expect(afterFirstStep.filter((feed) => feed.articleIds.includes(articleId))).toHaveLength(FOLLOWERS_PER_STEP);
    expect(afterFirstStep.filter((feed) => feed.count === 1)).toHaveLength(FOLLOWERS_PER_STEP);
    const pending = await outboxDelivery(published.eventId, 'feed');
    expect(pending, 'the delivery is not settled while work is left').toBeDefined();
    // Postponed, so the sweeper does not start the job over while it runs; progress is no failed attempt.
    expect(pending!.attempts).toBe(1);
    const dueAt = String(pending![indexes.pendingDeliveries.sk]).split('#')[0]!;
    expect(dueAt > new Date(Date.now() + (REDELIVER_AFTER_SECONDS / 2) * 1000).toISOString()).toBe(true);
    const continued = await receiveAll(backend, 'feed');
    expect(continued).toHaveLength(1);
    const continuation = JSON.parse(continued[0]!.Body!) as QueueMessage;
    // The same message but for where it starts: the event, its delivery and the id of the request that caused it.
    expect(published.correlationId).toEqual(expect.any(String));
    expect(continuation).toEqual({ ...published, continueFrom: expect.any(Object) });
    expect(continued[0]!.MessageAttributes?.correlationId?.StringValue).toBe(published.correlationId);
    // Recorded on the delivery too, so a resend by the sweeper resumes there.
    expect(pending!.continueFrom).toEqual(continuation.continueFrom);

    expect((await feedFanout(sqsEvent([continuation]))).batchItemFailures).toEqual([]);

    expect(await feedsOf(readerIds)).toEqual(readerIds.map(() => ({ articleIds: [articleId], count: 1 })));
    expect(await outboxDelivery(published.eventId, 'feed')).toBeUndefined();
    expect(await receiveAll(backend, 'feed'), 'the last step sends nothing more').toEqual([]);
  });
});
