import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import * as entities from '#lib/db/entities';
import { forgetTagIfUnused } from '#lib/db/tags';
import { handler as articleCleanup } from '../../../functions/consumers/article-cleanup.ts';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle, uniqueTag } from '../support/articles.ts';
import { measured, noteBudget, rounds } from '../support/budget.ts';
import { request } from '../support/conduit.ts';
import { deliver } from '../support/queue.ts';

const tags = async (): Promise<string[]> => (await request('GET /api/tags')).body.tags;
const tagItem = async (tag: string) => (await db().send(new GetCommand({ TableName: table(), Key: entities.tag.key(tag) }))).Item;
const retag = (token: string, slug: string, tagList: string[]) =>
  request('PUT /api/articles/{slug}', { token, pathParameters: { slug }, body: { article: { tagList } } });

describe('GET /api/tags', () => {
  it('lists a new tag at once, and each tag once however many articles use it', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag('fresh');
    await createArticle(author.token, { tagList: [tag] });
    await createArticle(author.token, { tagList: [tag] });
    const response = await request('GET /api/tags');
    expect(response.status).toBe(200);
    expect(response.body.tags.filter((listed: string) => listed === tag)).toEqual([tag]);
  });

  it('lists the most used tags first, and a tag just used after them', async () => {
    const author = await registerFreshUser('author');
    const [popular, once] = [uniqueTag('popular'), uniqueTag('once')];
    // The popular tag is used first, so ordering by last use alone would list it after the other.
    for (let i = 0; i < 3; i += 1) await createArticle(author.token, { tagList: [popular] });
    await createArticle(author.token, { tagList: [once] });
    const listed = await tags();
    expect(listed).toContain(once);
    expect(listed.indexOf(popular)).toBeGreaterThanOrEqual(0);
    expect(listed.indexOf(popular)).toBeLessThan(listed.indexOf(once));
  });

  it('lists a tag an update adds', async () => {
    const author = await registerFreshUser('author');
    const article = await createArticle(author.token);
    const tag = uniqueTag('added');
    await retag(author.token, article.slug, [tag]);
    expect(await tags()).toContain(tag);
  });

  it('stops listing a tag whose only article drops it, and the clean-up consumer forgets it', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag('dropped');
    const article = await createArticle(author.token, { tagList: [tag] });
    expect(await tags()).toContain(tag);

    await retag(author.token, article.slug, []);
    expect(await tags()).not.toContain(tag);

    const articleId = articleIdOf(article.slug);
    await deliver(articleCleanup, 'cleanup', 'ArticleUpdated', (event) => event.articleId === articleId && event.removedTags.includes(tag));
    expect(await tagItem(tag)).toBeUndefined();
    expect(await tags()).not.toContain(tag);
  });

  it('keeps listing a tag dropped by one article while another still uses it', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag('shared');
    const dropping = await createArticle(author.token, { tagList: [tag] });
    await createArticle(author.token, { tagList: [tag] });
    await retag(author.token, dropping.slug, []);
    const articleId = articleIdOf(dropping.slug);
    await deliver(articleCleanup, 'cleanup', 'ArticleUpdated', (event) => event.articleId === articleId);
    expect(await tags()).toContain(tag);
    expect(await tagItem(tag)).toMatchObject({ articlesCount: 1 });
  });

  it('stops listing the tags of a deleted article no other article uses, once the clean-up consumer has run', async () => {
    const author = await registerFreshUser('author');
    const [only, shared] = [uniqueTag('only'), uniqueTag('shared')];
    const article = await createArticle(author.token, { tagList: [only, shared] });
    await createArticle(author.token, { tagList: [shared] });
    await request('DELETE /api/articles/{slug}', { token: author.token, pathParameters: { slug: article.slug } });
    expect(await tags()).not.toContain(only);
    const articleId = articleIdOf(article.slug);
    await deliver(articleCleanup, 'cleanup', 'ArticleDeleted', (event) => event.articleId === articleId);
    expect(await tagItem(only)).toBeUndefined();
    const listed = await tags();
    expect(listed).not.toContain(only);
    expect(listed).toContain(shared);
  });

  it('forgetTagIfUnused deletes an unused tag and keeps a used one', async () => {
    const author = await registerFreshUser('author');
    const [unused, used] = [uniqueTag('unused'), uniqueTag('used')];
    const article = await createArticle(author.token, { tagList: [unused, used] });
    await retag(author.token, article.slug, [used]);
    await forgetTagIfUnused(unused);
    await forgetTagIfUnused(used);
    expect(await tagItem(unused)).toBeUndefined();
    expect(await tagItem(used)).toMatchObject({ articlesCount: 1 });
    expect(await tags()).toContain(used);
  });

  it('lists a forgotten tag again when a new article uses it', async () => {
    const author = await registerFreshUser('author');
    const tag = uniqueTag('reborn');
    const article = await createArticle(author.token, { tagList: [tag] });
    await retag(author.token, article.slug, []);
    await forgetTagIfUnused(tag);
    await createArticle(author.token, { tagList: [tag] });
    expect(await tags()).toContain(tag);
    expect((await request('GET /api/articles', { query: { tag } })).body.articlesCount).toBe(1);
  });

  describe('call budget', () => {
    it('is one round of Queries, one per partition of each list (most used, most recently used: 8 shards and the unsharded one), no scan', async () => {
      const { result, calls } = await measured(() => request('GET /api/tags'));
      expect(result.status).toBe(200);
      expect(rounds(calls.calls)).toEqual([Array.from({ length: 2 * entities.tagListPartitions.length }, () => 'Query')]);
      expect(entities.tagListPartitions).toHaveLength(entities.TAG_LIST_SHARDS + 1);
      expect(calls.countOf('Scan')).toBe(0);
      noteBudget('GET /api/tags', calls);
    });
  });
});
