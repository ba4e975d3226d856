import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '#lib/events/domain-events';
import { handler as feedFanout } from '../../../functions/consumers/feed-fanout.ts';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { outboxDelivery, storedFeed } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver, outboxMessages, sqsEvent } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const follow = async (reader: RegisteredUser, author: RegisteredUser) => {
  const response = await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  expect(response.status).toBe(200);
};
const unfollow = async (reader: RegisteredUser, author: RegisteredUser) => {
  const response = await request('DELETE /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  expect(response.status).toBe(200);
};
const deleteArticle = async (author: RegisteredUser, slug: string) => {
  const response = await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug } });
  expect(response.status).toBe(204);
};

/** The message the publication put in the outbox for the feed queue. */
async function publication(articleId: string): Promise<QueueMessage> {
  const [message, ...more] = await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleId);
  expect(message, `a pending ArticlePublished delivery for ${articleId}`).toBeDefined();
  expect(more).toEqual([]);
  return message!;
}

async function fanOut(...messages: QueueMessage[]) {
  const response = await feedFanout(sqsEvent(messages));
  expect(response.batchItemFailures).toEqual([]);
}

async function authorWithFollowers(count: number) {
  const [author, ...followers] = await Promise.all(Array.from({ length: count + 1 }, (_, i) => registerFreshUser(i === 0 ? 'author' : 'reader')));
  await Promise.all(followers.map((reader) => follow(reader, author!)));
  return { author: author!, followers };
}

describe('feed fan-out consumer', () => {
  it("puts a new article into every follower's feed with the feed count, and settles its delivery", async () => {
    const { author, followers } = await authorWithFollowers(3);
    const bystander = await registerFreshUser('bystander');
    const articleId = articleIdOf((await createArticle(author.token)).slug);
    const message = await publication(articleId);

    await fanOut(message);

    for (const reader of followers) expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: [articleId], count: 1 });
    expect(await storedFeed(userIdOf(author.token))).toEqual({ articleIds: [], count: undefined });
    expect(await storedFeed(userIdOf(bystander.token))).toEqual({ articleIds: [], count: undefined });
    expect(await outboxDelivery(message.eventId, 'feed')).toBeUndefined();
    const feed = await request('GET /api/articles/feed', { token: followers[0]!.token });
    expect(feed.body.articlesCount).toBe(1);
    expect(feed.body.articles.map((article: { slug: string }) => articleIdOf(article.slug))).toEqual([articleId]);
  });

  it('changes nothing when the same message is delivered twice, apart or in one batch', async () => {
    const { author, followers } = await authorWithFollowers(2);
    const articleId = articleIdOf((await createArticle(author.token)).slug);
    const message = await publication(articleId);
    await fanOut(message);
    const once = await Promise.all(followers.map((reader) => storedFeed(userIdOf(reader.token))));

    await fanOut(message);
    await fanOut(message, message);

    expect(await Promise.all(followers.map((reader) => storedFeed(userIdOf(reader.token))))).toEqual(once);
    expect(once).toEqual([
      { articleIds: [articleId], count: 1 },
      { articleIds: [articleId], count: 1 },
    ]);
  });

  it("leaves nothing in the feed of a reader who unfollowed before the fan-out ran, nor after that reader's prune", async () => {
    const { author, followers } = await authorWithFollowers(2);
    const [leaving, staying] = followers as [RegisteredUser, RegisteredUser];
    await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === userIdOf(leaving.token));
    const articleId = articleIdOf((await createArticle(author.token)).slug);
    await unfollow(leaving, author);

    await fanOut(await publication(articleId));
    await deliver(followFeed, 'follows', 'UserUnfollowed', (event) => event.readerId === userIdOf(leaving.token));

    expect(await storedFeed(userIdOf(leaving.token))).toEqual({ articleIds: [], count: undefined });
    expect(await storedFeed(userIdOf(staying.token))).toEqual({ articleIds: [articleId], count: 1 });
  });

  it('leaves nothing behind when the article is deleted before its fan-out runs', async () => {
    const { author, followers } = await authorWithFollowers(2);
    const article = await createArticle(author.token);
    const articleId = articleIdOf(article.slug);
    const published = await publication(articleId);
    await deleteArticle(author, article.slug);

    await fanOut(published);
    await deliver(feedFanout, 'feed', 'ArticleDeleted', (event) => event.articleId === articleId);

    for (const reader of followers) expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: [], count: undefined });
    expect(await outboxMessages('feed', 'ArticlePublished', (event) => event.articleId === articleId)).toEqual([]);
    expect(await outboxMessages('feed', 'ArticleDeleted', (event) => event.articleId === articleId)).toEqual([]);
  });

  it("takes a deleted article out of every follower's feed and count, once however often the delete is delivered", async () => {
    const { author, followers } = await authorWithFollowers(2);
    const kept = articleIdOf((await createArticle(author.token)).slug);
    const removed = await createArticle(author.token);
    const removedId = articleIdOf(removed.slug);
    await fanOut(await publication(kept), await publication(removedId));
    await deleteArticle(author, removed.slug);

    const [deleted] = await deliver(feedFanout, 'feed', 'ArticleDeleted', (event) => event.articleId === removedId);
    await fanOut(deleted!, deleted!);

    for (const reader of followers) expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: [kept], count: 1 });
  });

  // A reader who unfollows while the delete is not yet processed is no longer a follower: the delete's fan-out
  // finds the feeds holding the article through the FEEDS_WITH#<articleId> index, not through the followers.
  it('leaves nothing behind when a reader unfollows and the author deletes before either is processed', async () => {
    const { author, followers } = await authorWithFollowers(1);
    const reader = followers[0]!;
    const readerId = userIdOf(reader.token);
    await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === readerId);
    const article = await createArticle(author.token);
    const articleId = articleIdOf(article.slug);
    await fanOut(await publication(articleId));
    expect(await storedFeed(readerId)).toEqual({ articleIds: [articleId], count: 1 });

    await unfollow(reader, author);
    await deleteArticle(author, article.slug);
    await deliver(feedFanout, 'feed', 'ArticleDeleted', (event) => event.articleId === articleId);
    await deliver(followFeed, 'follows', 'UserUnfollowed', (event) => event.readerId === readerId);

    expect(await storedFeed(readerId)).toEqual({ articleIds: [], count: 0 });
  });
});
