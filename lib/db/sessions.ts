import * as z from 'zod/mini';
import type { Session } from '#lib/auth/jwt';
import { table } from '#lib/db/client';
import { type User, user } from '#lib/db/entities';
import { conditionFailed, failedItem, type TransactItem, type TransactPart, transactWrite } from '#lib/db/transactions';
import { Suspended, Unauthenticated } from '#lib/errors';

// Sessions live on the user item, which a request reads or conditions on anyway, so checking one costs no round
// trip of its own. A token carries its session id and the user's session generation when it was signed; the
// session is live while the user item's `sessionGeneration` is still that one, or while `keptSession` names it
// (the session that last changed the password). Ending sessions moves the generation on: every token signed
// before ends at once, with no list of tokens to keep. A generation, not a time: nothing hangs on clocks agreeing
// or on two events falling in one second, and a login that read the user just before a password change gets a
// token that the change has already ended, as the old password it checked has.

/** A condition a write puts on a user item, with the name of the part its failure is read by. */
export interface UserCondition {
  name: string;
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * A ConditionCheck of the user item; a transaction may touch an item once, so a write that updates the item carries
 * the condition with `onUserItem`. The part asks for the item on failure, which tells the refusals apart.
 */
export const userCheck = (userId: string, condition: UserCondition): TransactPart => [
  condition.name,
  {
    ConditionCheck: {
      TableName: table(),
      Key: user.key(userId),
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: condition.names,
      ExpressionAttributeValues: condition.values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  },
];

/** An update of a user item (a counter, the profile) that holds only under `condition` and its own, named by the condition. */
export function onUserItem(update: TransactItem, condition: UserCondition): TransactPart {
  const { Update } = update;
  if (!Update) throw new Error('onUserItem takes an Update');
  return [
    condition.name,
    {
      Update: {
        ...Update,
        ConditionExpression: Update.ConditionExpression ? `${condition.expression} AND (${Update.ConditionExpression})` : condition.expression,
        ExpressionAttributeNames: { ...Update.ExpressionAttributeNames, ...condition.names },
        ExpressionAttributeValues: { ...Update.ExpressionAttributeValues, ...condition.values },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
}

/** The part of a write's transaction that holds the viewer's user item, checked or updated. */
export const VIEWER = 'viewer';

/** Whether `session` is still live by the user item read. */
export const sessionLive = (found: Pick<User, 'sessionGeneration' | 'keptSession'>, session: Session) =>
  found.sessionGeneration === session.generation || found.keptSession === session.sessionId;

/**
 * The one condition every write by a signed-in viewer holds to, on the viewer's user item: the user exists, the
 * session is live (the rule of `sessionLive`, in DynamoDB's words), and the user is not suspended (`suspendedAt`,
 * set by a moderator: a suspended user reads as before but writes nothing). A moderator's role check is the same
 * kind of condition (`actorCondition` in lib/db/roles.ts).
 */
export function viewerCondition(session: Session): UserCondition {
  // Users from before sessions have no generation: theirs is 0.
  const sameGeneration = session.generation === 0 ? '(attribute_not_exists(#generation) OR #generation = :generation)' : '#generation = :generation';
  return {
    name: VIEWER,
    expression: `attribute_exists(PK) AND attribute_not_exists(#suspendedAt) AND (${sameGeneration} OR #keptSession = :sessionId)`,
    names: { '#generation': 'sessionGeneration', '#keptSession': 'keptSession', '#suspendedAt': 'suspendedAt' },
    values: { ':generation': session.generation, ':sessionId': session.sessionId },
  };
}

/** A write's part that changes nothing and holds only while the viewer may write. */
export const viewerMayWrite = (session: Session): TransactPart => userCheck(session.userId, viewerCondition(session));

export interface ViewerUpdate {
  /** The UpdateExpression; it may use `#generation`, `#keptSession` and `:sessionId`. */
  update: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  /** A condition of the update's own (a version), on top of the viewer's. */
  condition?: string;
}

/**
 * A write's part that updates the viewer's own user item (a count, the profile), made only while the viewer may
 * write and the update's own condition holds. A transaction takes one part per item, so a write that updates the
 * viewer's item carries the check in that update instead of a `viewerMayWrite`.
 */
export const viewerUpdate = (session: Session, { update, names, values, condition }: ViewerUpdate): TransactPart =>
  onUserItem(
    {
      Update: {
        TableName: table(),
        Key: user.key(session.userId),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    viewerCondition(session),
  );

/**
 * Reads a failed write for its VIEWER part (or another part carrying the viewer's condition, `name`): throws
 * Unauthenticated (401) when the user is gone or the session has ended, Suspended (403) when the user is
 * suspended. Returns when the viewer may write (another part failed, or the part failed a condition of its own),
 * for the caller to read the rest.
 */
export function refuseViewer(error: unknown, session: Session, name = VIEWER): void {
  if (!conditionFailed(error, name)) return;
  const item = failedItem(error, name);
  const found = item && z.safeParse(user.schema, item).data;
  if (!found || !sessionLive(found, session)) throw new Unauthenticated('is invalid');
  if (found.suspendedAt !== undefined) throw new Suspended();
}

/** For a password change, in the viewer's own update: ends every session of the user but the one making it. */
export const endOtherSessions = (current: Pick<User, 'sessionGeneration'>) => ({
  set: '#generation = :nextGeneration, #keptSession = :sessionId',
  values: { ':nextGeneration': current.sessionGeneration + 1 },
});

/** Sign out everywhere: every session of the user ends, the caller's too. */
export async function endAllSessions(session: Session): Promise<void> {
  try {
    // A transaction of one part, so that its refusal reads like every other write's.
    await transactWrite([viewerUpdate(session, { update: 'ADD #generation :one REMOVE #keptSession', values: { ':one': 1 } })]);
  } catch (error) {
    refuseViewer(error, session);
    throw error;
  }
}
