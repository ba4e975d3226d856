import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, TABLE } from '#lib/db/client';
import { indexes, keys } from '#lib/db/keys';

/** Records that `followerId` follows `authorId`. Following twice changes nothing; returns whether it was new. */
export async function follow(followerId: string, authorId: string): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...keys.follow(followerId, authorId),
          [indexes.followersOf.pk]: indexes.followersOf.value(authorId),
          [indexes.followersOf.sk]: followerId,
          followerId,
          authorId,
          createdAt: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Removes the follow if there is one; returns whether there was. */
export async function unfollow(followerId: string, authorId: string): Promise<boolean> {
  try {
    await db.send(new DeleteCommand({ TableName: TABLE, Key: keys.follow(followerId, authorId), ConditionExpression: 'attribute_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
