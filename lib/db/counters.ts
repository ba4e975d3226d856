import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { counter, ENTITY, type Key } from '#lib/db/entity';
import type { TransactItem } from '#lib/db/transactions';

/** One GetItem of the counter alone: absent counts 0, and a count never reads below 0. */
export async function readCounter(key: Key, attribute: string): Promise<number> {
  const { Item } = await db().send(
    new GetCommand({ TableName: table(), Key: key, ProjectionExpression: '#counter', ExpressionAttributeNames: { '#counter': attribute } }),
  );
  return counter.parse(Item?.[attribute]);
}

/** One Query of a sharded counter's items (one partition, a sort-key prefix), summed. */
export async function readShardedCounter(shards: { partition: string; sortKeyPrefix: string }, attribute: string): Promise<number> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': shards.partition, ':prefix': shards.sortKeyPrefix },
      ProjectionExpression: '#counter',
      ExpressionAttributeNames: { '#counter': attribute },
    }),
  );
  return Items.reduce((sum, item) => sum + counter.parse(item[attribute]), 0);
}

/**
 * Moves the counter `attribute` of the item at `key` by `delta`, creating the item (as an `entity.type`)
 * when it is the first count: the transaction item for a counter that moves with what it counts.
 */
export const counterChange = (entity: { type: string }, key: Key, attribute: string, delta: number, condition?: string): TransactItem => ({
  Update: {
    TableName: table(),
    Key: key,
    UpdateExpression: 'ADD #counter :delta SET #entity = :entity',
    ExpressionAttributeNames: { '#counter': attribute, '#entity': ENTITY },
    ExpressionAttributeValues: { ':delta': delta, ':entity': entity.type },
    ...(condition && { ConditionExpression: condition }),
  },
});
