import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import { keys, type Key } from '#lib/db/keys';

/** A counter whose stored value differs from what the items it counts say. */
export interface Drift {
  key: Key;
  attribute: string;
  stored: number;
  actual: number;
}

const bump = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);

/**
 * Recounts every maintained counter from the items it counts. This reads the whole table, so it only
 * runs from the daily schedule, never in a request. (At millions of items it would become a parallel
 * scan over segments; the counting stays the same.)
 */
export async function counterDrifts(): Promise<Drift[]> {
  const stored = new Map<string, { key: Key; attribute: string; value: number; itemExists: boolean }>();
  const actual = new Map<string, number>();
  const counted = (key: Key, attribute: string) => `${key.PK}|${key.SK}|${attribute}`;
  const count = (key: Key, attribute: string) => {
    const id = counted(key, attribute);
    bump(actual, id);
    if (!stored.has(id)) stored.set(id, { key, attribute, value: 0, itemExists: false });
  };
  const remember = (key: Key, attribute: string, value: unknown) => {
    const id = counted(key, attribute);
    stored.set(id, { key, attribute, value: typeof value === 'number' ? value : 0, itemExists: true });
  };

  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const { PK, SK } = item as Key;
      if (SK === 'ARTICLE') {
        count(keys.articleStats(), 'articlesCount');
        count(keys.user(item.authorId as string), 'articlesCount');
        remember(keys.article(item.articleId as string), 'favoritesCount', item.favoritesCount);
      } else if (PK.startsWith('ARTICLE#') && SK.startsWith('FAVORITED_BY#')) {
        count(keys.article(item.articleId as string), 'favoritesCount');
        count(keys.user(item.userId as string), 'favoritesCount');
      } else if (PK.startsWith('ARTICLE#') && SK.startsWith('TAG#')) {
        count(keys.tag(item.tag as string), 'articlesCount');
      } else if (PK.startsWith('FEED#') && SK.startsWith('ARTICLE#')) {
        count({ PK, SK: 'COUNT' }, 'feedCount');
      } else if (SK === 'PROFILE') {
        remember(keys.user(item.userId as string), 'articlesCount', item.articlesCount);
        remember(keys.user(item.userId as string), 'favoritesCount', item.favoritesCount);
      } else if (SK === 'TAG') {
        remember(keys.tag(item.tag as string), 'articlesCount', item.articlesCount);
      } else if (SK === 'COUNT' && PK.startsWith('FEED#')) {
        remember({ PK, SK }, 'feedCount', item.feedCount);
      } else if (PK === 'STATS') {
        remember({ PK, SK }, 'articlesCount', item.articlesCount);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  // Counters of articles and users live on their items: favorites of a deleted article still waiting for
  // the clean-up consumer are no drift, and correcting them would bring the article back as a bare counter.
  const ownedByItem = (key: Key) => key.SK === 'ARTICLE' || key.SK === 'PROFILE';
  return [...stored].flatMap(([id, { key, attribute, value, itemExists }]) => {
    const real = actual.get(id) ?? 0;
    return real === value || (ownedByItem(key) && !itemExists) ? [] : [{ key, attribute, stored: value, actual: real }];
  });
}

/**
 * Moves a counter by the drift, on the condition that it still holds the value that was read: a counter
 * changed meanwhile by a request is left for the next run rather than overwritten.
 */
export async function correctDrift(drift: Drift): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: drift.key,
        UpdateExpression: 'SET #counter = :actual',
        ConditionExpression: [
          // Deleted since the scan: leave it deleted.
          ...(drift.key.SK === 'ARTICLE' || drift.key.SK === 'PROFILE' ? ['attribute_exists(PK)'] : []),
          drift.stored === 0 ? '(attribute_not_exists(#counter) OR #counter = :stored)' : '#counter = :stored',
        ].join(' AND '),
        ExpressionAttributeNames: { '#counter': drift.attribute },
        ExpressionAttributeValues: { ':actual': drift.actual, ':stored': drift.stored },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
