import { describe, expect, it } from 'vitest';
import { handler as followFeed } from '../../../functions/consumers/follow-feed.ts';
import { outboxDelivery, storedFeed } from '../../support/queues.ts';
import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';
import { deliver, sqsEvent } from '../support/queue.ts';
import { userIdOf } from '../support/tokens.ts';

const follow = async (reader: RegisteredUser, author: RegisteredUser) => {
  const response = await request('POST /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  expect(response.status).toBe(200);
};
const unfollow = async (reader: RegisteredUser, author: RegisteredUser) => {
  const response = await request('DELETE /api/profiles/{username}/follow', { token: reader.token, pathParameters: { username: author.username } });
  expect(response.status).toBe(200);
};

const between = (reader: RegisteredUser, author: RegisteredUser) => (event: { readerId: string; authorId: string }) =>
  event.readerId === userIdOf(reader.token) && event.authorId === userIdOf(author.token);

/** An author with `count` articles, their ids sorted. */
async function authorWithArticles(count: number) {
  const author = await registerFreshUser('author');
  const articleIds: string[] = [];
  for (let i = 0; i < count; i++) articleIds.push(articleIdOf((await createArticle(author.token)).slug));
  return { author, articleIds: articleIds.sort() };
}

describe('follow back-fill and unfollow prune consumer', () => {
  it("back-fills the reader's feed with the author's existing articles and counts them, then settles", async () => {
    const [{ author, articleIds }, reader] = await Promise.all([authorWithArticles(3), registerFreshUser('reader')]);
    await follow(reader, author);

    const [message] = await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));

    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds, count: 3 });
    expect(await outboxDelivery(message!.eventId, 'follows')).toBeUndefined();
  });

  it('changes nothing when the same follow is delivered again', async () => {
    const [{ author }, reader] = await Promise.all([authorWithArticles(2), registerFreshUser('reader')]);
    await follow(reader, author);
    const [message] = await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));
    const once = await storedFeed(userIdOf(reader.token));

    expect((await followFeed(sqsEvent([message!, message!]))).batchItemFailures).toEqual([]);

    expect(await storedFeed(userIdOf(reader.token))).toEqual(once);
    expect(once.count).toBe(2);
  });

  it("prunes the unfollowed author's articles from the feed and count, only those, and only once", async () => {
    const [pruned, kept, reader] = await Promise.all([authorWithArticles(2), authorWithArticles(1), registerFreshUser('reader')]);
    await follow(reader, pruned.author);
    await follow(reader, kept.author);
    await deliver(followFeed, 'follows', 'UserFollowed', (event) => event.readerId === userIdOf(reader.token));
    await unfollow(reader, pruned.author);

    const [message] = await deliver(followFeed, 'follows', 'UserUnfollowed', between(reader, pruned.author));
    expect((await followFeed(sqsEvent([message!]))).batchItemFailures).toEqual([]);

    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: kept.articleIds, count: 1 });
    expect(await outboxDelivery(message!.eventId, 'follows')).toBeUndefined();
  });

  it('keeps the entries when the reader followed again before the prune arrived', async () => {
    const [{ author, articleIds }, reader] = await Promise.all([authorWithArticles(2), registerFreshUser('reader')]);
    await follow(reader, author);
    await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));
    await unfollow(reader, author);
    await follow(reader, author);

    await deliver(followFeed, 'follows', 'UserUnfollowed', between(reader, author));
    await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));

    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds, count: 2 });
  });

  it('leaves nothing behind when the back-fill arrives after the reader unfollowed', async () => {
    const [{ author }, reader] = await Promise.all([authorWithArticles(2), registerFreshUser('reader')]);
    await follow(reader, author);
    await unfollow(reader, author);

    await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));
    await deliver(followFeed, 'follows', 'UserUnfollowed', between(reader, author));

    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: [], count: undefined });
  });

  it('back-fills no article deleted before the back-fill ran', async () => {
    const [author, reader] = await Promise.all([registerFreshUser('author'), registerFreshUser('reader')]);
    const deleted = await createArticle(author.token);
    const kept = await createArticle(author.token);
    await follow(reader, author);
    expect((await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: deleted.slug } })).status).toBe(204);

    await deliver(followFeed, 'follows', 'UserFollowed', between(reader, author));

    expect(await storedFeed(userIdOf(reader.token))).toEqual({ articleIds: [articleIdOf(kept.slug)], count: 1 });
  });
});
