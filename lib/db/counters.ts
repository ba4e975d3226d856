import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import type { Key } from '#lib/db/keys';

/** A maintained counter as its item holds it: absent counts 0, and a count never reads below 0. */
export const counterOf = (item: Record<string, unknown> | undefined, attribute: string): number =>
  Math.max(0, (item?.[attribute] as number | undefined) ?? 0);

/** One GetItem of the counter alone. */
export async function readCounter(key: Key, attribute: string): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({ TableName: TABLE, Key: key, ProjectionExpression: '#counter', ExpressionAttributeNames: { '#counter': attribute } }),
  );
  return counterOf(Item, attribute);
}
