import { articleById, deleteArticle } from '#lib/db/articles';
import { auditPart, newAuditEntry } from '#lib/db/audit';
import { table } from '#lib/db/client';
import { commentById } from '#lib/db/comments';
import { retryingConcurrentChanges } from '#lib/db/concurrency';
import { comment as commentEntity, user } from '#lib/db/entities';
import type { Outgoing } from '#lib/db/outbox';
import { type Actor, actorCondition, refuseActor, writeAsActor } from '#lib/db/roles';
import { conditionFailed, failedItem, type TransactPart } from '#lib/db/transactions';
import { userIdByUsername } from '#lib/db/users';
import { Conflict, Forbidden, NotFound } from '#lib/errors';

/**
 * Unpublishing is the author's delete made by a moderator: the same transaction (article, tag entries,
 * counters, the ArticleDeleted event the feed and clean-up consumers act on), with the moderator's role check
 * and the audit entry in it. The entry keeps the article's content as it was.
 */
export function unpublishArticle(actor: Actor, articleId: string, reason: string): Promise<Outgoing> {
  return retryingConcurrentChanges(async () => {
    const article = await articleById(articleId);
    if (!article) throw new NotFound('article');
    const { slug, title, description, body, tagList, createdAt } = article;
    const entry = newAuditEntry({
      action: 'article.unpublish',
      actorId: actor.userId,
      subjectId: article.authorId,
      articleId,
      reason,
      content: { slug, title, description, body, tagList, createdAt },
    });
    const deleter = { userId: actor.userId, condition: actorCondition(actor), refuse: (error: unknown) => refuseActor(error, actor) };
    const outgoing = await deleteArticle(article, deleter, [auditPart(entry)]);
    actor.confirmed = true;
    return outgoing;
  });
}

/** Deletes any comment, with the moderator's check and an audit entry that keeps the comment as it was. */
export async function unpublishComment(actor: Actor, articleId: string, commentId: number, reason: string): Promise<void> {
  const comment = await commentById(articleId, commentId);
  if (!comment) throw new NotFound('comment');
  const entry = newAuditEntry({
    action: 'comment.unpublish',
    actorId: actor.userId,
    subjectId: comment.authorId,
    articleId,
    commentId,
    reason,
    content: { body: comment.body, createdAt: comment.createdAt },
  });
  try {
    await writeAsActor(actor, [
      ['comment', { Delete: { TableName: table(), Key: commentEntity.key(articleId, commentId), ConditionExpression: 'attribute_exists(PK)' } }],
      auditPart(entry),
    ]);
  } catch (error) {
    if (conditionFailed(error, 'comment')) throw new NotFound('comment');
    throw error;
  }
}

/**
 * Suspends or reinstates a user: `suspendedAt` set or removed on their user item, with the audit entry, in one
 * transaction with the moderator's check. Only a plain user can be suspended: a moderator or admin has their
 * role revoked by an admin first, so no moderator can suspend the others.
 */
export async function setSuspension(actor: Actor, username: string, suspend: boolean, reason: string): Promise<void> {
  const userId = await userIdByUsername(username);
  if (!userId) throw new NotFound('user');
  if (userId === actor.userId) throw new Forbidden('user', 'cannot be suspended or reinstated by themselves');
  const now = new Date().toISOString();
  const subject: TransactPart = [
    'subject',
    {
      Update: {
        TableName: table(),
        Key: user.key(userId),
        ...(suspend
          ? {
              UpdateExpression: 'SET suspendedAt = :now',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(suspendedAt) AND attribute_not_exists(#role)',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: { ':now': now },
            }
          : { UpdateExpression: 'REMOVE suspendedAt', ConditionExpression: 'attribute_exists(PK) AND attribute_exists(suspendedAt)' }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
  const entry = newAuditEntry({ action: suspend ? 'user.suspend' : 'user.reinstate', actorId: actor.userId, subjectId: userId, reason });
  try {
    await writeAsActor(actor, [subject, auditPart(entry)]);
  } catch (error) {
    if (!conditionFailed(error, 'subject')) throw error;
    const found = failedItem(error, 'subject');
    if (!found) throw new NotFound('user');
    if (!suspend) throw new Conflict(['user'], 'is not suspended');
    if (found.suspendedAt) throw new Conflict(['user'], 'is already suspended');
    throw new Forbidden('user', 'holds a role: an admin revokes it before a suspension');
  }
}
