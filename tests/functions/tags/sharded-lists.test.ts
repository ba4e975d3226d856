import { GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { TAG_LIST_SHARDS, tag as tagEntity } from '#lib/db/entities';
import { MOST_USED_LISTED, RECENTLY_USED_LISTED } from '#lib/db/tags';
import { useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';
import { createArticle, uniqueTag } from '../support/articles.ts';
import { request } from '../support/conduit.ts';

// The tag lists are global: this file has a table of its own, so GET /tags lists exactly the tags made here.
const backend = await useBackend({ table: 'own', queues: 'shared' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();

interface StoredTag {
  tag: string;
  articlesCount: number;
  lastUsedAt: string;
  GSI2PK: string;
  GSI3PK: string;
}

async function storedTags(): Promise<StoredTag[]> {
  const tags: StoredTag[] = [];
  for await (const page of paginateScan({ client: db() }, { TableName: table(), ConsistentRead: true })) {
    tags.push(...((page.Items ?? []).filter((item) => tagEntity.is(item)) as StoredTag[]));
  }
  return tags;
}

const first = (tags: StoredTag[], order: (tag: StoredTag) => number | string, limit: number) =>
  [...tags].sort((a, b) => (order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)).slice(0, limit);

/** What GET /tags answered from one unsharded list: the most used, then the most recent in use not among them (ties by name). */
function asOneList(tags: StoredTag[]): string[] {
  const mostUsed = first(
    tags.filter((tag) => tag.articlesCount > 0),
    (tag) => tag.articlesCount,
    MOST_USED_LISTED,
  );
  const recent = first(tags, (tag) => tag.lastUsedAt, RECENTLY_USED_LISTED).filter((tag) => tag.articlesCount > 0);
  return [...new Set([...mostUsed, ...recent].map((tag) => tag.tag))];
}

const listed = async (): Promise<string[]> => (await request('GET /api/tags')).body.tags;
const tagItem = async (tag: string) => (await db().send(new GetCommand({ TableName: table(), Key: tagEntity.key(tag), ConsistentRead: true }))).Item;

describe('the tag lists, spread over index shards', () => {
  it('lists tags from every shard as one list would: the most used first, then the most recent in use not among them', async () => {
    const authors = await Promise.all([1, 2, 3].map((n) => registerFreshUser(`tagger${n}`)));
    const [hot, warm] = [uniqueTag('hot'), uniqueTag('warm')];
    // 12 articles of 10 tags: `hot` on all, `warm` on half, 102 tags used once. More than MOST_USED_LISTED tags, so
    // the cut between the lists falls across shards; the first article's tags are the oldest, so some drop out.
    const articles = [];
    for (let n = 0; n < 12; n += 1) {
      const tagList = [hot, ...(n % 2 === 0 ? [warm] : []), ...Array.from({ length: n % 2 === 0 ? 8 : 9 }, () => uniqueTag('once'))];
      articles.push(await createArticle(authors[n % 3]!.token, { tagList }));
    }
    // A tag dropped from its only article: count 0, still in the recent list's index until the clean-up consumer runs.
    const [dropping] = articles;
    const dropped = dropping.tagList.find((tag: string) => tag !== hot && tag !== warm);
    const kept = dropping.tagList.filter((tag: string) => tag !== dropped);
    const retagged = await request('PUT /api/articles/{slug}', {
      token: authors[0]!.token,
      pathParameters: { slug: dropping.slug },
      body: { article: { tagList: kept } },
    });
    expect(retagged.status).toBe(200);

    const stored = await storedTags();
    expect(stored).toHaveLength(104);
    expect(stored.find((tag) => tag.tag === dropped)).toMatchObject({ articlesCount: 0 });
    // Both lists of a tag live in the same shard, and 104 tags land in every one of the 8 (a hash that did not spread them would not).
    for (const tag of stored) expect(tag.GSI3PK).toBe(tag.GSI2PK);
    expect(new Set(stored.map((tag) => tag.GSI2PK))).toEqual(new Set(Array.from({ length: TAG_LIST_SHARDS }, (_, shard) => `TAGS#${shard}`)));

    const tags = await listed();
    expect(tags).toEqual(asOneList(stored));
    expect(tags.slice(0, 2)).toEqual([hot, warm]);
    expect(tags).not.toContain(dropped);
    expect(tags.length).toBeGreaterThan(MOST_USED_LISTED);
  });

  it('lists a tag last used before the lists were sharded, and moves it into its shard on its next use', async () => {
    const legacy = uniqueTag('legacy');
    const lastUsedAt = '2020-01-01T00:00:00.000Z';
    // As the article's transaction wrote tag items before sharding: both lists in the one partition `TAGS`.
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...tagEntity.key(legacy), entity: 'tag', tag: legacy, articlesCount: 1000, lastUsedAt, GSI2PK: 'TAGS', GSI2SK: lastUsedAt, GSI3PK: 'TAGS' },
      }),
    );
    expect((await listed())[0]).toBe(legacy);

    const author = await registerFreshUser('legacy');
    await createArticle(author.token, { tagList: [legacy] });
    const moved = await tagItem(legacy);
    expect(moved).toMatchObject({ articlesCount: 1001 });
    expect(moved?.GSI2PK).toMatch(/^TAGS#[0-7]$/);
    expect(moved?.GSI3PK).toBe(moved?.GSI2PK);
    expect(moved?.GSI2SK).not.toBe(lastUsedAt);
    const tags = await listed();
    expect(tags[0]).toBe(legacy);
    expect(tags.filter((tag) => tag === legacy)).toHaveLength(1);
  });
});
