import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '#lib/auth/jwt';
import { db, table } from '#lib/db/client';
import { ConcurrentChange, retryingConcurrentChanges } from '#lib/db/concurrency';
import { article, articleItems, type Comment, comment as commentEntity } from '#lib/db/entities';
import type { Item } from '#lib/db/entity';
import { type Outgoing, outboxFor } from '#lib/db/outbox';
import { type Continuation, pagesOf, queryPage } from '#lib/db/paging';
import { refuseViewer, viewerMayWrite } from '#lib/db/sessions';
import { conditionFailed, failedItem, transactWrite } from '#lib/db/transactions';
import { NotFound } from '#lib/errors';

export type { Comment } from '#lib/db/entities';

// The spec wants integer ids. Milliseconds times 1000 plus a random 0-999 stay below 2^53 until the year
// 2255, sort by time, and need no counter item that every comment on an article would contend for.
const newCommentId = (now: number) => now * 1000 + randomInt(1000);

/**
 * One transaction: the comment, on the condition that the article still exists and the author may write, and the
 * CommentCreated event (webhooks). A taken id is drawn again. The caller sends `outgoing` once it returns.
 */
export function addComment(articleId: string, author: Session, body: string): Promise<{ comment: Comment; outgoing: Outgoing }> {
  const authorId = author.userId;
  return retryingConcurrentChanges(async () => {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const comment: Comment = { commentId: newCommentId(now), articleId, authorId, body, createdAt, updatedAt: createdAt };
    const outgoing = outboxFor({ type: 'CommentCreated', articleId, commentId: comment.commentId, authorId });
    try {
      await transactWrite([
        ['article', { ConditionCheck: { TableName: table(), Key: article.key(articleId), ConditionExpression: 'attribute_exists(PK)' } }],
        viewerMayWrite(author),
        ['comment', { Put: { TableName: table(), Item: commentEntity.item(comment), ConditionExpression: 'attribute_not_exists(PK)' } }],
        ...outgoing.parts,
      ]);
      return { comment, outgoing };
    } catch (error) {
      refuseViewer(error, author);
      if (conditionFailed(error, 'article')) throw new NotFound('article');
      if (conditionFailed(error, 'comment')) throw new ConcurrentChange('comment id');
      throw error;
    }
  });
}

/**
 * A page of comments, newest first: at most `size`, older than the comment `before` when given. One Query,
 * started after the key `before` would have, so reading older pages never reads the newer ones again.
 */
export async function commentsOf(articleId: string, size: number, before?: number): Promise<Comment[]> {
  const startKey: Continuation = before === undefined ? undefined : { ...commentEntity.key(articleId, before) };
  const items: Item[] = [];
  for await (const page of pagesOf((next) =>
    queryPage(
      { partition: articleItems.partition(articleId), sortKeyPrefix: articleItems.commentPrefix, newestFirst: true },
      size - items.length,
      next ?? startKey,
    ),
  )) {
    items.push(...page);
    if (items.length >= size) break;
  }
  return items.map(commentEntity.decode);
}

export async function commentById(articleId: string, commentId: number): Promise<Comment | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: commentEntity.key(articleId, commentId) }));
  return Item ? commentEntity.decode(Item) : undefined;
}

/**
 * One transaction only the comment's author can make, while they may write. When the delete's condition
 * fails, the item returned with the failure tells a missing comment (404) from someone else's (403).
 */
export async function deleteComment(articleId: string, commentId: number, viewer: Session): Promise<'deleted' | 'missing' | 'forbidden'> {
  try {
    await transactWrite([
      viewerMayWrite(viewer),
      [
        'comment',
        {
          Delete: {
            TableName: table(),
            Key: commentEntity.key(articleId, commentId),
            ConditionExpression: 'authorId = :userId',
            ExpressionAttributeValues: { ':userId': viewer.userId },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    ]);
    return 'deleted';
  } catch (error) {
    refuseViewer(error, viewer);
    if (conditionFailed(error, 'comment')) return failedItem(error, 'comment') ? 'forbidden' : 'missing';
    throw error;
  }
}
