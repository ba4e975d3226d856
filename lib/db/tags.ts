import { DeleteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { indexes, tag as tagEntity, tagNameOf } from '#lib/db/entities';
import { ItemKey } from '#lib/db/entity';

/** `GET /tags` lists up to this many of the most used tags, then up to this many of the most recently used. */
export const MOST_USED_LISTED = 100;
export const RECENTLY_USED_LISTED = 100;

const tagsFrom = (index: { name: string; pk: string; value: () => string }, keyCondition: string, limit: number, extra: Partial<QueryCommandInput> = {}) =>
  db()
    .send(
      new QueryCommand({
        TableName: table(),
        IndexName: index.name,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: { '#pk': index.pk },
        ExpressionAttributeValues: { ':tags': index.value(), ':zero': 0 },
        ScanIndexForward: false,
        Limit: limit,
        ...extra,
      }),
    )
    .then((result) => (result.Items ?? []).map((item) => tagNameOf(ItemKey.parse(item))));

/**
 * Tags in use for the "popular tags" list: the most used first (most articles first), then the most recently
 * used that are not among them, so a tag just used always appears. Two queries in one round trip.
 */
export async function tagsInUse(): Promise<string[]> {
  const [mostUsed, recentlyUsed] = await Promise.all([
    tagsFrom(indexes.tagsByUse, '#pk = :tags AND #count > :zero', MOST_USED_LISTED, {
      ExpressionAttributeNames: { '#pk': indexes.tagsByUse.pk, '#count': indexes.tagsByUse.sk },
    }),
    tagsFrom(indexes.tagsByLastUse, '#pk = :tags', RECENTLY_USED_LISTED, { FilterExpression: 'articlesCount > :zero' }),
  ]);
  return [...new Set([...mostUsed, ...recentlyUsed])];
}

/** Deletes the tag's item if no article uses it any more; a concurrent new use keeps it. */
export async function forgetTagIfUnused(tag: string): Promise<void> {
  await conditionHeld(
    db().send(
      new DeleteCommand({
        TableName: table(),
        Key: tagEntity.key(tag),
        ConditionExpression: 'articlesCount <= :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    ),
  );
}
