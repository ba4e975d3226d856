import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { ARTICLE_COUNT_SHARDS, articleStats } from '#lib/db/entities';
import { handler as reconcile } from '../../../functions/schedules/reconcile-counters.ts';
import { useBackend } from '../../support/queues.ts';
import { registerFreshUser } from '../../support/users.ts';
import { articleIdOf, createArticle } from '../support/articles.ts';
import { request } from '../support/conduit.ts';

// The count of all articles is global: this file has a table of its own, so it sees exactly its own articles.
const backend = await useBackend({ table: 'own', queues: 'shared' });
afterAll(() => backend.close());
await backend.assertLibUsesIt();

/** The shards as stored: sort key → count. */
async function shards(): Promise<Map<string, number>> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': articleStats.shards.partition, ':prefix': articleStats.shards.sortKeyPrefix },
      ConsistentRead: true,
    }),
  );
  return new Map(Items.map((item) => [String(item.SK), Number(item.articlesCount)]));
}

const total = async () => (await request('GET /api/articles', { query: { limit: '1' } })).body.articlesCount as number;
const shardKeyOf = (articleId: string) => articleStats.key(articleStats.shardOf(articleId)).SK;

describe('the sharded count of all articles', () => {
  const articleIds: string[] = [];
  const published: { slug: string; token: string }[] = [];

  it('counts concurrent publications, each in the shard its id names, spread over the shards', async () => {
    const authors = await Promise.all([1, 2, 3, 4].map((n) => registerFreshUser(`shard${n}`)));
    const created = await Promise.all(
      authors.flatMap((author) => Array.from({ length: 8 }, async () => ({ slug: (await createArticle(author.token)).slug as string, token: author.token }))),
    );
    published.push(...created);
    articleIds.push(...created.map((article) => articleIdOf(article.slug)));

    expect(await total()).toBe(32);
    const expected = new Map<string, number>();
    for (const id of articleIds) expected.set(shardKeyOf(id), (expected.get(shardKeyOf(id)) ?? 0) + 1);
    expect(await shards()).toEqual(expected);
    // 32 ids over 64 shards land in about 25 (64 × (1 − e^−½)); a handful would mean the hash does not spread them.
    expect(ARTICLE_COUNT_SHARDS).toBe(64);
    expect(expected.size).toBeGreaterThanOrEqual(16);
  });

  it('takes a deleted article off its own shard', async () => {
    const before = await shards();
    const { slug, token } = published[0]!;
    const articleId = articleIdOf(slug);
    expect((await request('DELETE /api/articles/{slug}', { pathParameters: { slug }, token })).status).toBe(204);

    const after = await shards();
    const shard = shardKeyOf(articleId);
    expect(after.get(shard)).toBe(before.get(shard)! - 1);
    expect([...after].filter(([key, count]) => key !== shard && count !== before.get(key))).toEqual([]);
    expect(await total()).toBe(31);
  });

  it('is recounted shard by shard: a drifted shard is corrected and the others left alone', async () => {
    expect(await reconcile()).toEqual({ drifts: 0, corrected: 0 });
    const [shard, count] = [...(await shards())][0]!;
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { PK: articleStats.shards.partition, SK: shard },
        UpdateExpression: 'SET articlesCount = :wrong',
        ExpressionAttributeValues: { ':wrong': count + 5 },
      }),
    );
    expect(await total()).toBe(36);
    expect(await reconcile()).toEqual({ drifts: 1, corrected: 1 });
    expect((await shards()).get(shard)).toBe(count);
    expect(await total()).toBe(31);
  });
});
