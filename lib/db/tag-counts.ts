import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { indexes, tag as tagEntity } from '#lib/db/entities';
import { ENTITY } from '#lib/db/entity';
import { forgetTagIfUnused } from '#lib/db/tags';
import { type TransactPart, transactWrite, wroteNothing } from '#lib/db/transactions';
import { logger } from '#lib/powertools';

// A tag's item is never part of a transaction. A transaction holds its items for about 15 ms, and a tag on every
// article would have its item in every publication's transaction: at 200 a second nearly all of them would cancel
// each other (TransactionConflict). Updates outside transactions never conflict, so the item takes one UpdateItem
// per article that takes or drops the tag, sent in the same round as the article's transaction (lib/db/README.md,
// "Capacity"). The price is atomicity, kept as far as it can be: see writeWithTagCounts.

/** An article taking a tag (+1) or dropping it (−1). */
export interface TagCountChange {
  tag: string;
  delta: 1 | -1;
}

/**
 * What lists a tag: its name, its entity type and its shard of both lists (which also moves a tag still in the list
 * partition of before sharding into its shard); with `lastUse` (an update expression's operand), its last use.
 */
function listing(tag: string, lastUse?: string) {
  return {
    set: `tag = :tag, #entity = :entity, #recentPk = :list, #usePk = :list${lastUse ? `, lastUsedAt = ${lastUse}, #recentSk = ${lastUse}` : ''}`,
    names: {
      '#entity': ENTITY,
      '#recentPk': indexes.tagsByLastUse.pk,
      '#usePk': indexes.tagsByUse.pk,
      ...(lastUse && { '#recentSk': indexes.tagsByLastUse.sk }),
    },
    values: { ':tag': tag, ':entity': tagEntity.type, ':list': indexes.tagsByLastUse.value(tag) },
  };
}

/**
 * Moves the tag's count by `delta`; a use also makes now its last use. `restoring` undoes a drop: the count comes
 * back, the last use stays what it was (now, if the item went meanwhile).
 */
function moveTagCount({ tag, delta }: TagCountChange, now: string, restoring = false) {
  const listed = listing(tag, delta > 0 ? (restoring ? 'if_not_exists(lastUsedAt, :now)' : ':now') : undefined);
  return db().send(
    new UpdateCommand({
      TableName: table(),
      Key: tagEntity.key(tag),
      UpdateExpression: `ADD articlesCount :delta SET ${listed.set}`,
      ExpressionAttributeNames: listed.names,
      ExpressionAttributeValues: { ':delta': delta, ...listed.values, ...(delta > 0 && { ':now': now }) },
    }),
  );
}

/**
 * Lists a tag in use again after the recount corrected its count: a count written by the recount alone (its
 * UpdateItem beside the article's transaction failed) leaves the item out of both lists.
 */
export async function relistTag(tag: string): Promise<void> {
  const listed = listing(tag, 'if_not_exists(lastUsedAt, :now)');
  await conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: tagEntity.key(tag),
        UpdateExpression: `SET ${listed.set}`,
        ConditionExpression: 'articlesCount > :zero',
        ExpressionAttributeNames: listed.names,
        ExpressionAttributeValues: { ...listed.values, ':now': new Date().toISOString(), ':zero': 0 },
      }),
    ),
  );
}

/** Takes back a change whose article was not written; a use that made the tag's item leaves none behind. */
async function undo({ tag, delta }: TagCountChange, now: string): Promise<void> {
  await moveTagCount({ tag, delta: delta > 0 ? -1 : 1 }, now, delta < 0);
  if (delta > 0) await forgetTagIfUnused(tag);
}

/**
 * The article's transaction `parts` and, in the same round, one UpdateItem per tag count it moves: a request waits
 * for no more round trips than the transaction alone. Each write can fail without the other:
 * - the transaction is cancelled (nothing written: a failed condition, a conflict that outlasted the retries):
 *   the tag updates that landed are undone before its error is thrown (a failure path's extra round);
 * - the transaction's outcome is unknown (a timeout): its error is thrown and the counts are left as they are;
 * - a tag update fails beside a written transaction: logged.
 * The last two (and a Lambda stopped between the writes) leave a count off until the daily recount corrects it
 * (functions/schedules/reconcile-counters.ts).
 */
export async function writeWithTagCounts(parts: TransactPart[], changes: TagCountChange[], now: string): Promise<void> {
  const [written, ...moved] = await Promise.allSettled([transactWrite(parts), ...changes.map((change) => moveTagCount(change, now))]);
  const landed = changes.filter((_, index) => moved[index]?.status === 'fulfilled');
  if (written.status === 'fulfilled') {
    const missed = changes.filter((change) => !landed.includes(change));
    if (missed.length > 0) logger.error('tag counts not moved beside a written article; the daily recount corrects them', { missed });
    return;
  }
  if (wroteNothing(written.reason)) {
    const undone = await Promise.allSettled(landed.map((change) => undo(change, now)));
    const notUndone = landed.filter((_, index) => undone[index]?.status === 'rejected');
    if (notUndone.length > 0) logger.error('tag counts of a cancelled article write not undone; the daily recount corrects them', { notUndone });
  }
  throw written.reason;
}
