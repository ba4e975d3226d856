import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, table } from '#lib/db/client';
import { indexes, tag as tagEntity, tagNameOf } from '#lib/db/entities';
import { ItemKey } from '#lib/db/entity';

/** How many tags `GET /tags` lists: the most recently used ones, so a tag just used is always among them. */
export const TAGS_LISTED = 200;

/** One query: tags in use, most recently used first. Tags whose count fell to zero are skipped. */
export async function tagsInUse(): Promise<string[]> {
  const result = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: indexes.tagsByLastUse.name,
      KeyConditionExpression: '#pk = :tags',
      FilterExpression: 'articlesCount > :zero',
      ExpressionAttributeNames: { '#pk': indexes.tagsByLastUse.pk },
      ExpressionAttributeValues: { ':tags': indexes.tagsByLastUse.value(), ':zero': 0 },
      ScanIndexForward: false,
      Limit: TAGS_LISTED,
    }),
  );
  return (result.Items ?? []).map((item) => tagNameOf(ItemKey.parse(item)));
}

/** Deletes the tag's item if no article uses it any more; a concurrent new use keeps it. */
export async function forgetTagIfUnused(tag: string): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({ TableName: table(), Key: tagEntity.key(tag), ConditionExpression: 'articlesCount <= :zero', ExpressionAttributeValues: { ':zero': 0 } }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
