import { randomInt } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import { keys, partitions } from '#lib/db/keys';
import { failedConditions, transactWrite } from '#lib/db/transactions';
import { NotFound } from '#lib/errors';

export interface Comment {
  commentId: number;
  articleId: string;
  authorId: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

const commentFromItem = (item: Record<string, unknown>): Comment => ({
  commentId: item.commentId as number,
  articleId: item.articleId as string,
  authorId: item.authorId as string,
  body: item.body as string,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

/** Comments past this many are not listed; the spec has no pagination for comments. */
export const COMMENTS_LISTED = 1000;

// The spec wants integer ids. Milliseconds times 1000 plus a random 0-999 stay below 2^53 until the year
// 2255, sort by time, and need no counter item that every comment on an article would contend for.
const newCommentId = (now: number) => now * 1000 + randomInt(1000);

/** One transaction: the comment, on the condition that the article still exists. */
export async function addComment(articleId: string, authorId: string, body: string): Promise<Comment> {
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    const comment: Comment = { commentId: newCommentId(now), articleId, authorId, body, createdAt, updatedAt: createdAt };
    try {
      await transactWrite([
        { ConditionCheck: { TableName: TABLE, Key: keys.article(articleId), ConditionExpression: 'attribute_exists(PK)' } },
        {
          Put: {
            TableName: TABLE,
            Item: { ...keys.comment(articleId, comment.commentId), ...comment },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ]);
      return comment;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed.includes(0)) throw new NotFound('article');
      if (!failed.includes(1) || attempt === 3) throw error;
    }
  }
}

/** Newest first. */
export async function commentsOf(articleId: string): Promise<Comment[]> {
  const comments: Comment[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': partitions.articleItems(articleId), ':prefix': partitions.commentPrefix },
        ScanIndexForward: false,
        Limit: COMMENTS_LISTED - comments.length,
        ExclusiveStartKey: startKey,
      }),
    );
    comments.push(...(result.Items ?? []).map(commentFromItem));
    startKey = result.LastEvaluatedKey;
  } while (startKey && comments.length < COMMENTS_LISTED);
  return comments;
}

/**
 * One conditional delete that only the comment's author can make. When it fails, the item returned with
 * the failure tells a missing comment (404) from someone else's (403).
 */
export async function deleteComment(articleId: string, commentId: number, userId: string): Promise<'deleted' | 'missing' | 'forbidden'> {
  try {
    await db.send(
      new DeleteCommand({
        TableName: TABLE,
        Key: keys.comment(articleId, commentId),
        ConditionExpression: 'authorId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'deleted';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return error.Item ? 'forbidden' : 'missing';
    throw error;
  }
}
