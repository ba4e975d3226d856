import { describe, expect, it } from 'vitest';
import { type ApiUser, api, registerViaApi } from '../support/api-client.ts';
import { uniqueName } from '../support/unique.ts';

// What the queue consumers do, seen over HTTP against the running stack, where the SQS emulator and the
// poller deliver every message. Outcomes are polled for with a deadline; how long they took is not asserted.
const WITHIN_SECONDS = { timeout: 15_000, interval: 250 };

interface ArticleList {
  articles: { slug: string; author: { username: string } }[];
  articlesCount: number;
}

async function publish(author: ApiUser, tagList: string[] = []) {
  const response = await api('POST', '/articles', {
    token: author.token,
    body: { article: { title: uniqueName('Queued'), description: 'Through the queues', body: 'Fanned out, back-filled, cleaned up.', tagList } },
  });
  expect(response.status).toBe(201);
  return response.body.article as { slug: string };
}

async function follow(reader: ApiUser, author: ApiUser) {
  expect((await api('POST', `/profiles/${author.username}/follow`, { token: reader.token })).status).toBe(200);
}

async function list(path: string, token?: string): Promise<ArticleList> {
  const response = await api<ArticleList>('GET', path, { token });
  expect(response.status).toBe(200);
  return response.body;
}

const slugs = (page: ArticleList) => page.articles.map((article) => article.slug);

/**
 * Resolves once the feed consumer has finished every message sent to the feed queue before this call.
 * The feed read merges in publications whose fan-out is still pending, so a feed showing an article proves
 * nothing about the queue by itself. A canary reader follows a canary author, who publishes and deletes an
 * article: the canary's feed counts it until its publication has been consumed (and its removal, if the
 * fan-out ran first). The poller hands the queue's messages to the consumer in the order they were sent,
 * one batch after another, so what was sent before the canary's publication has been processed too.
 */
async function feedQueueDrained() {
  const [canaryAuthor, canaryReader] = await Promise.all([registerViaApi('canary'), registerViaApi('canary')]);
  await follow(canaryReader, canaryAuthor);
  const canary = await publish(canaryAuthor);
  expect((await api('DELETE', `/articles/${canary.slug}`, { token: canaryAuthor.token })).status).toBe(204);
  await expect.poll(async () => (await list('/articles/feed', canaryReader.token)).articlesCount, WITHIN_SECONDS).toBe(0);
}

describe('queues over HTTP', () => {
  it("back-fills a new follower's feed with an article published before the follow", async () => {
    const [author, reader] = await Promise.all([registerViaApi('author'), registerViaApi('reader')]);
    const article = await publish(author);
    // The article's fan-out is done (it had no followers to reach), so only the back-fill can bring it in.
    await feedQueueDrained();
    expect(slugs(await list('/articles/feed', reader.token))).not.toContain(article.slug);

    await follow(reader, author);

    await expect.poll(async () => slugs(await list('/articles/feed', reader.token)), WITHIN_SECONDS).toContain(article.slug);
    expect((await list('/articles/feed', reader.token)).articlesCount).toBe(1);
  });

  it("shows a renamed author's new name on their articles, in lists and in feeds", async () => {
    const [author, reader] = await Promise.all([registerViaApi('author'), registerViaApi('reader')]);
    await follow(reader, author);
    const article = await publish(author);
    const newName = uniqueName('renamed');

    const renamed = await api('PUT', '/user', { token: author.token, body: { user: { username: newName } } });

    expect(renamed.status).toBe(200);
    expect(renamed.body.user.username).toBe(newName);
    expect((await api('GET', `/articles/${article.slug}`)).body.article.author.username).toBe(newName);
    expect((await list(`/articles?author=${newName}`)).articles.map((listed) => listed.author.username)).toEqual([newName]);
    // Responses read the author's profile, never a copy: nothing has to propagate.
    expect((await list('/articles/feed', reader.token)).articles.find((listed) => listed.slug === article.slug)?.author.username).toBe(newName);
  });

  it('cleans up after a favorited article is deleted: favorites, feed, lists and the article itself', async () => {
    const [author, reader] = await Promise.all([registerViaApi('author'), registerViaApi('reader')]);
    await follow(reader, author);
    const tag = uniqueName('gone').toLowerCase();
    const article = await publish(author, [tag]);
    await expect.poll(async () => slugs(await list('/articles/feed', reader.token)), WITHIN_SECONDS).toContain(article.slug);
    expect((await api('POST', `/articles/${article.slug}/favorite`, { token: reader.token })).status).toBe(200);
    expect((await api('POST', `/articles/${article.slug}/comments`, { token: reader.token, body: { comment: { body: 'Nice.' } } })).status).toBe(201);
    expect((await list(`/articles?favorited=${reader.username}`)).articlesCount).toBe(1);

    expect((await api('DELETE', `/articles/${article.slug}`, { token: author.token })).status).toBe(204);

    // The favoriter's count falls only when the clean-up consumer has removed the favorite.
    await expect.poll(async () => list(`/articles?favorited=${reader.username}`), WITHIN_SECONDS).toEqual({ articles: [], articlesCount: 0 });
    // The feed counts the entry until the feed consumer has taken it out.
    await expect.poll(async () => list('/articles/feed', reader.token), WITHIN_SECONDS).toEqual({ articles: [], articlesCount: 0 });
    expect(await list(`/articles?author=${author.username}`)).toEqual({ articles: [], articlesCount: 0 });
    expect(await list(`/articles?tag=${tag}`)).toEqual({ articles: [], articlesCount: 0 });
    expect(slugs(await list('/articles?limit=100'))).not.toContain(article.slug);
    expect((await api('GET', `/articles/${article.slug}`)).status).toBe(404);
    expect((await api('GET', `/articles/${article.slug}`, { token: reader.token })).status).toBe(404);
    expect((await api('GET', '/tags')).body.tags).not.toContain(tag);
  });
});
