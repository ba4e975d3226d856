import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent, QueueMessage } from '#lib/events/domain-events';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { outboxDelivery, storedFeed } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { outboxMessages, sqsEvent } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const follow = async (reader: RegisteredUser, author: RegisteredUser) => {
  expect((await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } })).status).toBe(200);
};

/** Two fresh messages a consumer must process, and the proof that it did. */
interface GoodPair {
  messages: [QueueMessage, QueueMessage];
  assertProcessed(): Promise<void>;
}

interface ConsumerCase {
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** A well-formed event this consumer has no handler for. */
  misrouted: () => DomainEvent;
  goodPair: () => Promise<GoodPair>;
}

const only = <T>(found: T[]): T => {
  expect(found).toHaveLength(1);
  return found[0]!;
};

const assertSettled = async (messages: QueueMessage[]) => {
  for (const message of messages) expect(await outboxDelivery(message.eventId, message.queue)).toBeUndefined();
};

let author: RegisteredUser;
let follower: RegisteredUser;
/** Two authors with one article each, followed by a fresh reader in each back-fill case. */
let followedAuthors: RegisteredUser[];
let followedArticles: string[];

beforeAll(async () => {
  const users = await Promise.all(['author', 'reader', 'author', 'author'].map((prefix) => registerFreshUser(prefix)));
  [author, follower, ...followedAuthors] = users as [RegisteredUser, RegisteredUser, RegisteredUser, RegisteredUser];
  await follow(follower, author);
  followedArticles = (await Promise.all(followedAuthors.map(async (writer) => articleIdOf((await createArticle(writer.token)).slug)))).sort();
});

const cases: Record<string, ConsumerCase> = {
  'feed fan-out': {
    consumer: feedFanout,
    misrouted: () => ({ type: 'UserFollowed', readerId: userIdOf(follower.token), authorId: userIdOf(author.token) }),
    goodPair: async () => {
      const ids = [articleIdOf((await createArticle(author.token)).slug), articleIdOf((await createArticle(author.token)).slug)];
      const messages = await Promise.all(ids.map(async (id) => only(await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === id))));
      return {
        messages: messages as [QueueMessage, QueueMessage],
        assertProcessed: async () => {
          expect((await storedFeed(userIdOf(follower.token))).articleIds).toEqual(expect.arrayContaining(ids));
          await assertSettled(messages);
        },
      };
    },
  },
  'follow back-fill': {
    consumer: followFeed,
    misrouted: () => ({ type: 'ArticlePublished', articleId: followedArticles[0]!, authorId: userIdOf(followedAuthors[0]!.token) }),
    goodPair: async () => {
      const reader = await registerFreshUser('reader');
      for (const writer of followedAuthors) await follow(reader, writer);
      const messages = await outboxMessages('follows', 'UserFollowed', (event) => event.readerId === userIdOf(reader.token));
      expect(messages).toHaveLength(2);
      return {
        messages: messages as [QueueMessage, QueueMessage],
        assertProcessed: async () => {
          expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: followedArticles, count: 2 });
          await assertSettled(messages);
        },
      };
    },
  },
  'article clean-up': {
    consumer: articleCleanup,
    misrouted: () => ({ type: 'UserUnfollowed', readerId: userIdOf(follower.token), authorId: userIdOf(author.token) }),
    goodPair: async () => {
      const slugs = [(await createArticle(author.token)).slug, (await createArticle(author.token)).slug];
      for (const slug of slugs) {
        expect((await request('POST /api/articles/{slug}/favorite', { token: follower.token, pathParameters: { slug } })).status).toBe(200);
        expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug } })).status).toBe(204);
      }
      const ids = slugs.map(articleIdOf);
      const messages = await Promise.all(ids.map(async (id) => only(await outboxMessages('cleanup', 'ArticleDeleted', (event) => event.articleId === id))));
      return {
        messages: messages as [QueueMessage, QueueMessage],
        assertProcessed: async () => {
          const favorited = await request('GET /api/articles', { query: { favorited: follower.username } });
          expect(favorited.body.articlesCount).toBe(0);
          await assertSettled(messages);
        },
      };
    },
  },
};

const poisons: Record<string, (good: QueueMessage, misrouted: DomainEvent) => string> = {
  'a body that is not JSON': () => '{"eventId": "',
  'an event type nobody handles': (good) => JSON.stringify({ ...good, eventId: randomUUID(), event: { ...good.event, type: 'ArticleArchived' } }),
  'an event meant for another consumer': (good, misrouted) => JSON.stringify({ ...good, eventId: randomUUID(), event: misrouted }),
};

describe.each(Object.entries(cases))('the %s consumer, given a batch of three whose middle record is poison', (_, { consumer, misrouted, goodPair }) => {
  it.each(Object.entries(poisons))('with %s, reports exactly that record and processes the other two', async (__, poison) => {
    const { messages, assertProcessed } = await goodPair();
    const event = sqsEvent([messages[0], messages[0], messages[1]]);
    event.Records[1]!.body = poison(messages[0], misrouted());

    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await consumer(event);
    const logged = stderr.mock.calls.map(([line]) => JSON.parse(String(line)));
    stderr.mockRestore();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    await assertProcessed();
    const failures = logged.filter((line) => line.message === 'message failed');
    expect(failures).toEqual([expect.objectContaining({ level: 'error', messageId: event.Records[1]!.messageId, receiveCount: 1 })]);
  });
});
