import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { PENDING_REPLICAS, pendingPublications } from '#lib/db/entities';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { recordDynamoDbCalls } from '../../support/dynamodb-calls.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver, outboxMessages } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

// Every feed read queries the list of publications whose fan-out is pending. One partition serves ~6,000 such
// reads a second, so the list is kept in PENDING_REPLICAS copies and a read picks one (lib/db/README.md,
// "Capacity"). Each copy must say the same, be written with the article and go when the fan-out is done.

/** The copies that hold an article's pending events: event type by replica. */
async function copiesOf(articleId: string): Promise<Map<number, string[]>> {
  const copies = new Map<number, string[]>();
  for (let replica = 0; replica < PENDING_REPLICAS; replica += 1) {
    const { Items = [] } = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :article)',
        ExpressionAttributeValues: { ':pk': pendingPublications.partition(replica), ':article': `${articleId}#` },
        ConsistentRead: true,
      }),
    );
    if (Items.length > 0) copies.set(replica, Items.map((item) => String(item.eventType)).sort());
  }
  return copies;
}

async function authorFollowedBy(reader: RegisteredUser): Promise<RegisteredUser> {
  const author = await registerFreshUser('author');
  await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === userIdOf(reader.token) && event.authorId === userIdOf(author.token));
  return author;
}

describe("the feed's pending publications, in copies", () => {
  it('are written in every copy with the article, and all go once the fan-out is done', async () => {
    const reader = await registerFreshUser('reader');
    const author = await authorFollowedBy(reader);
    const { slug } = await createArticle(author.token);
    const articleId = articleIdOf(slug);

    const written = await copiesOf(articleId);
    expect([...written.keys()]).toEqual(Array.from({ length: PENDING_REPLICAS }, (_, replica) => replica));
    for (const events of written.values()) expect(events).toEqual(['ArticlePublished']);

    await deliver(feedFanout, 'feed', 'ArticlePublished', (event) => event.articleId === articleId);
    expect(await copiesOf(articleId)).toEqual(new Map());
    expect(await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleId)).toEqual([]);
  });

  it('a delete puts its own event in every copy, and the article leaves the feed whichever copy a read picks', async () => {
    const reader = await registerFreshUser('reader');
    const author = await authorFollowedBy(reader);
    const { slug } = await createArticle(author.token);
    const articleId = articleIdOf(slug);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug } })).status).toBe(204);

    for (const events of (await copiesOf(articleId)).values()) expect(events).toEqual(['ArticleDeleted', 'ArticlePublished']);
    // Neither fan-out has run: every read merges the pending publication, and leaves it out as deleted.
    for (let read = 0; read < 3 * PENDING_REPLICAS; read += 1) {
      expect((await request('GET /api/articles/feed', { token: reader.token })).body).toEqual({ articles: [], articlesCount: 0 });
    }
  });

  it('each read queries one copy, picked at random, and shows a pending article whichever it is', async () => {
    const reader = await registerFreshUser('reader');
    const author = await authorFollowedBy(reader);
    const { slug } = await createArticle(author.token);

    const calls = recordDynamoDbCalls();
    const picked = new Set<string>();
    try {
      for (let read = 0; read < 6 * PENDING_REPLICAS; read += 1) {
        calls.clear();
        const response = await request('GET /api/articles/feed', { token: reader.token });
        expect(response.body.articles.map((article: { slug: string }) => article.slug)).toEqual([slug]);
        expect(response.body.articlesCount).toBe(1);
        const copyReads = calls.calls.filter((call) => call.operation === 'Query' && call.partition?.startsWith('PENDING#feed#'));
        expect(copyReads).toHaveLength(1);
        picked.add(copyReads[0]!.partition!);
      }
    } finally {
      calls.stop();
    }
    // 48 reads over 8 copies: the chance that a fair pick uses fewer than 4 of them is below one in 10^16.
    expect(picked.size).toBeGreaterThanOrEqual(4);
  });
});
