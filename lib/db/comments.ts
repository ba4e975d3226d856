import { randomInt } from 'node:crypto';
import type { Session } from '#lib/auth/jwt';
import { table } from '#lib/db/client';
import { ConcurrentChange, retryingConcurrentChanges } from '#lib/db/concurrency';
import { article, articleItems, type Comment, comment as commentEntity } from '#lib/db/entities';
import type { Item } from '#lib/db/entity';
import { type Continuation, pagesOf, queryPage } from '#lib/db/paging';
import { refuseViewer, viewerMayWrite } from '#lib/db/sessions';
import { conditionFailed, refusalOf, transactWrite } from '#lib/db/transactions';
import { NotFound } from '#lib/errors';

export type { Comment } from '#lib/db/entities';

// The spec wants integer ids. Milliseconds times 1000 plus a random 0-999 stay below 2^53 until the year
// 2255, sort by time, and need no counter item that every comment on an article would contend for.
const newCommentId = (now: number) => now * 1000 + randomInt(1000);

/** One transaction: the comment, on the condition that the article still exists and the author may write. A taken id is drawn again. */
export function addComment(articleId: string, author: Session, body: string): Promise<Comment> {
  const authorId = author.userId;
  return retryingConcurrentChanges(async () => {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const comment: Comment = { commentId: newCommentId(now), articleId, authorId, body, createdAt, updatedAt: createdAt };
    try {
      await transactWrite([
        ['article', { ConditionCheck: { TableName: table(), Key: article.key(articleId), ConditionExpression: 'attribute_exists(PK)' } }],
        viewerMayWrite(author),
        ['comment', { Put: { TableName: table(), Item: commentEntity.item(comment), ConditionExpression: 'attribute_not_exists(PK)' } }],
      ]);
      return comment;
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

/**
 * One transaction: the delete, which only the comment's author can make, while the author may write. When the
 * comment's condition fails, the item returned with the failure tells a missing comment (404) from someone
 * else's (403).
 */
export async function deleteComment(articleId: string, commentId: number, viewer: Session): Promise<'deleted' | 'missing' | 'forbidden'> {
  try {
    await transactWrite([
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
      viewerMayWrite(viewer),
    ]);
    return 'deleted';
  } catch (error) {
    refuseViewer(error, viewer);
    const refusal = refusalOf(error, 'comment');
    if (refusal) return refusal.item ? 'forbidden' : 'missing';
    throw error;
  }
}
