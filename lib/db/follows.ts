import type { Session } from '#lib/auth/jwt';
import { table } from '#lib/db/client';
import { follow as followEntity, indexes } from '#lib/db/entities';
import { nothingToSend, type Outgoing, outboxFor } from '#lib/db/outbox';
import { type Continuation, queryPage } from '#lib/db/paging';
import { refuseViewer, viewerMayWrite } from '#lib/db/sessions';
import { conditionFailed, transactWrite } from '#lib/db/transactions';

/**
 * Records that `followerId` follows `authorId`, with the UserFollowed event that back-fills the feed, in
 * one transaction. Following twice changes nothing and sends nothing.
 */
export async function follow(follower: Session, authorId: string): Promise<Outgoing> {
  const followerId = follower.userId;
  const outgoing = outboxFor({ type: 'UserFollowed', readerId: followerId, authorId });
  try {
    await transactWrite([
      [
        'follow',
        {
          Put: {
            TableName: table(),
            Item: followEntity.item({ followerId, authorId, createdAt: new Date().toISOString() }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
      viewerMayWrite(follower),
      ...outgoing.parts,
    ]);
    return outgoing;
  } catch (error) {
    refuseViewer(error, follower);
    if (conditionFailed(error, 'follow')) return nothingToSend;
    throw error;
  }
}

/** Removes the follow, with the UserUnfollowed event that prunes the feed; unfollowing twice changes nothing. */
export async function unfollow(follower: Session, authorId: string): Promise<Outgoing> {
  const outgoing = outboxFor({ type: 'UserUnfollowed', readerId: follower.userId, authorId });
  try {
    await transactWrite([
      ['follow', { Delete: { TableName: table(), Key: followEntity.key(follower.userId, authorId), ConditionExpression: 'attribute_exists(PK)' } }],
      viewerMayWrite(follower),
      ...outgoing.parts,
    ]);
    return outgoing;
  } catch (error) {
    refuseViewer(error, follower);
    if (conditionFailed(error, 'follow')) return nothingToSend;
    throw error;
  }
}

/** An author's followers' ids, a page at a time (keys only). */
export async function followerPage(authorId: string, size: number, startKey?: Continuation): Promise<{ ids: string[]; next: Continuation }> {
  const page = await queryPage({ index: indexes.followersOf, partition: indexes.followersOf.value(authorId) }, size, startKey);
  return { ids: page.items.map(indexes.followersOf.sortKeyOf), next: page.next };
}
