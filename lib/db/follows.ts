import { db, TABLE } from '#lib/db/client';
import { indexes, keys } from '#lib/db/keys';
import { failedConditions, transactWrite } from '#lib/db/transactions';
import { outboxFor, type Outgoing } from '#lib/events/outbox';

const nothingToSend: Outgoing = { items: [], messages: [] };

/**
 * Records that `followerId` follows `authorId`, with the UserFollowed event that back-fills the feed, in
 * one transaction. Following twice changes nothing and sends nothing.
 */
export async function follow(followerId: string, authorId: string): Promise<Outgoing> {
  const outgoing = outboxFor({ type: 'UserFollowed', readerId: followerId, authorId });
  try {
    await transactWrite([
      {
        Put: {
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
        },
      },
      ...outgoing.items,
    ]);
    return outgoing;
  } catch (error) {
    if (failedConditions(error).includes(0)) return nothingToSend;
    throw error;
  }
}

/** Removes the follow, with the UserUnfollowed event that prunes the feed; unfollowing twice changes nothing. */
export async function unfollow(followerId: string, authorId: string): Promise<Outgoing> {
  const outgoing = outboxFor({ type: 'UserUnfollowed', readerId: followerId, authorId });
  try {
    await transactWrite([
      { Delete: { TableName: TABLE, Key: keys.follow(followerId, authorId), ConditionExpression: 'attribute_exists(PK)' } },
      ...outgoing.items,
    ]);
    return outgoing;
  } catch (error) {
    if (failedConditions(error).includes(0)) return nothingToSend;
    throw error;
  }
}
