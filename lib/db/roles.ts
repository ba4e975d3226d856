import type { Session } from '#lib/auth/jwt';
import { auditPart, newAuditEntry } from '#lib/db/audit';
import { table } from '#lib/db/client';
import { type Role, rolesFrom, type User, user } from '#lib/db/entities';
import { refuseViewer, type UserCondition, userCheck, viewerCondition } from '#lib/db/sessions';
import { conditionFailed, failedItem, type TransactPart, transactWrite } from '#lib/db/transactions';
import { userIdByUsername } from '#lib/db/users';
import { Forbidden, NotFound, Suspended } from '#lib/errors';

export type { Role } from '#lib/db/entities';

/** A role a route can require: every user holds `user`. */
export type RequiredRole = Exclude<Role, 'user'>;

/**
 * A signed-in user acting under a role a route requires (lib/http/middleware/authorize.ts makes one per
 * request). Nothing is known of the role held until the user item is checked, in the same transaction as
 * the action or beside a read; `confirmed` records that it was, and the middleware refuses an answer without it.
 */
export interface Actor extends Session {
  role: RequiredRole;
  confirmed: boolean;
}

const ACTOR = 'actor';

/** Holds while the actor may write (the viewer's condition: lib/db/sessions.ts) and holds the role (or a stronger one). */
export const actorCondition = (actor: Actor): UserCondition => {
  const roles = rolesFrom(actor.role);
  const viewer = viewerCondition(actor);
  return {
    name: ACTOR,
    expression: `${viewer.expression} AND #role IN (${roles.map((_, index) => `:role${index}`).join(', ')})`,
    names: { ...viewer.names, '#role': 'role' },
    values: { ...viewer.values, ...Object.fromEntries(roles.map((role, index) => [`:role${index}`, role])) },
  };
};

/** The transaction part that checks the actor: a role revoked a moment ago makes the whole action write nothing. */
export const actorHoldsRole = (actor: Actor): TransactPart => userCheck(actor.userId, actorCondition(actor));

const roleRequired = (role: RequiredRole) => new Forbidden('role', role === 'admin' ? 'must be admin' : 'must be moderator or admin');

/** Why the actor's condition failed, as the domain error to answer with: gone or signed out, suspended, or without the role. */
export function refuseActor(error: unknown, actor: Actor): void {
  if (!conditionFailed(error, ACTOR)) return;
  refuseViewer(error, actor, ACTOR);
  throw roleRequired(actor.role);
}

/** Runs the action's transaction with the actor's check in it; marks the actor confirmed once it committed. */
export async function writeAsActor(actor: Actor, parts: TransactPart[]): Promise<void> {
  try {
    await transactWrite([...parts, actorHoldsRole(actor)]);
  } catch (error) {
    refuseActor(error, actor);
    throw error;
  }
  actor.confirmed = true;
}

/**
 * For a read: the actor's user item as the session check read it beside the route's first round (`viewer.user`,
 * which already refuses a user who is gone or signed out), checked for suspension and the role. No read of its own.
 */
export async function confirmRole(actor: Actor, actorUser: Promise<User>): Promise<void> {
  const found = await actorUser;
  if (found.suspendedAt !== undefined) throw new Suspended();
  if (!rolesFrom(actor.role).some((role) => role === found.role)) throw roleRequired(actor.role);
  actor.confirmed = true;
}

/** Who changes a role: an admin through the API, or whoever runs `npm run admin` (the operating-system user). */
export type RoleChanger = { actor: Actor } | { operator: string };

/**
 * Gives `username` the role `role` (`user` revokes whatever they held), with its audit entry, in one
 * transaction: an admin's through the API carries the admin's check. Setting the role already held changes
 * nothing and records nothing ('unchanged'). An admin cannot change their own role (a last admin could lock
 * everyone out; the first admin is made from the command line anyway).
 */
export async function setRole(username: string, role: Role, reason: string, by: RoleChanger): Promise<'changed' | 'unchanged'> {
  const userId = await userIdByUsername(username);
  if (!userId) throw new NotFound('user');
  if ('actor' in by && by.actor.userId === userId) throw new Forbidden('role', 'cannot be changed by its holder');
  const entry = newAuditEntry({
    action: role === 'user' ? 'role.revoke' : 'role.grant',
    ...('actor' in by ? { actorId: by.actor.userId } : { operator: by.operator }),
    subjectId: userId,
    role,
    reason,
  });
  const parts: TransactPart[] = [
    [
      'subject',
      {
        Update: {
          TableName: table(),
          Key: user.key(userId),
          UpdateExpression: role === 'user' ? 'REMOVE #role' : 'SET #role = :role',
          ConditionExpression:
            role === 'user' ? 'attribute_exists(PK) AND attribute_exists(#role)' : 'attribute_exists(PK) AND (attribute_not_exists(#role) OR #role <> :role)',
          ExpressionAttributeNames: { '#role': 'role' },
          ...(role === 'user' ? {} : { ExpressionAttributeValues: { ':role': role } }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
    auditPart(entry),
  ];
  try {
    if ('actor' in by) await writeAsActor(by.actor, parts);
    else await transactWrite(parts);
    return 'changed';
  } catch (error) {
    if (!conditionFailed(error, 'subject')) throw error;
    if (!failedItem(error, 'subject')) throw new NotFound('user');
    // The user exists, so the role held is already the one asked for. DynamoDB reports every failed condition
    // of a cancelled transaction, and a failed actor check was refused above: the actor's held.
    if ('actor' in by) by.actor.confirmed = true;
    return 'unchanged';
  }
}
