import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '#lib/auth/jwt';
import { batchGet } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { ConcurrentChange } from '#lib/db/concurrency';
import { emailClaim, type User, user, usernameClaim } from '#lib/db/entities';
import type { Key } from '#lib/db/entity';
import { endOtherSessions, refuseViewer, sessionLive, VIEWER, viewerUpdate } from '#lib/db/sessions';
import { conditionFailed, isTransactionConflict, type TransactPart, transactWrite } from '#lib/db/transactions';
import { Conflict, Suspended, Unauthenticated } from '#lib/errors';

export type { User } from '#lib/db/entities';

export async function userById(userId: string): Promise<User | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: user.key(userId) }));
  return Item ? user.decode(Item) : undefined;
}

/** The current usernames of `userIds`, in one BatchGetItem; a user who no longer exists is absent. */
export async function usernamesOf(userIds: string[]): Promise<Map<string, string>> {
  const found = await batchGet(userIds.map((userId) => user.key(userId)));
  return new Map([...found.values()].map((item) => user.decode(item)).map(({ userId, username }) => [userId, username]));
}

// DynamoDB refuses a key past these (a ValidationException, a 500): a claim key that long names nobody.
const PARTITION_KEY_MAX_BYTES = 2048;
const SORT_KEY_MAX_BYTES = 1024;
const storable = (key: Key) => Buffer.byteLength(key.PK, 'utf8') <= PARTITION_KEY_MAX_BYTES && Buffer.byteLength(key.SK, 'utf8') <= SORT_KEY_MAX_BYTES;

/** The user claiming `username`; undefined too for a name that could not be a key (NFKC expands some characters 18-fold). */
export async function userIdByUsername(username: string): Promise<string | undefined> {
  const key = usernameClaim.key(username);
  if (!storable(key)) return undefined;
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: key }));
  return Item && usernameClaim.decode(Item).userId;
}

export async function userIdByEmail(email: string): Promise<string | undefined> {
  const key = emailClaim.key(email);
  if (!storable(key)) return undefined;
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: key }));
  return Item && emailClaim.decode(Item).userId;
}

/**
 * The viewer's user item, read at once so that it runs beside whatever the route reads first; refused (401) when
 * the user is gone or the session has ended. Whoever holds it awaits it before the answer leaves.
 */
export function liveUser(session: Session): Promise<User> {
  const read = userById(session.userId).then((found) => {
    if (!found || !sessionLive(found, session)) throw new Unauthenticated('is invalid');
    return found;
  });
  // Awaited after the route ran, maybe after it failed: until then a refusal is not an unhandled rejection.
  read.catch(() => undefined);
  return read;
}

type ClaimedField = 'username' | 'email';

const claim = (field: ClaimedField, value: string, userId: string): TransactPart => [
  field,
  {
    Put: {
      TableName: table(),
      Item: field === 'username' ? usernameClaim.item({ userId, username: value }) : emailClaim.item({ userId, email: value }),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
];
const claimKey = (field: ClaimedField, value: string): Key => (field === 'username' ? usernameClaim.key(value) : emailClaim.key(value));
const release = (field: ClaimedField, value: string, userId: string): TransactPart => [
  `release ${field}`,
  { Delete: { TableName: table(), Key: claimKey(field, value), ConditionExpression: 'userId = :userId', ExpressionAttributeValues: { ':userId': userId } } },
];

/** Conflict naming every field whose claim failed; any other failure as it was. */
function conflictFrom(error: unknown): never {
  const fields = (['username', 'email'] as const).filter((field) => conditionFailed(error, field));
  throw fields.length > 0 ? new Conflict(fields) : error;
}

/** Creates the user and claims its username and email in one transaction, so neither can be taken twice. */
export async function createUser(input: { username: string; email: string; passwordHash: string }): Promise<User> {
  const now = new Date().toISOString();
  const created: User = { userId: randomUUID(), ...input, bio: null, image: null, createdAt: now, updatedAt: now, version: 1, sessionGeneration: 0 };
  try {
    await transactWrite([
      ['user', { Put: { TableName: table(), Item: user.item(created), ConditionExpression: 'attribute_not_exists(PK)' } }],
      claim('username', created.username, created.userId),
      claim('email', created.email, created.userId),
    ]);
  } catch (error) {
    conflictFrom(error);
  }
  return created;
}

export type UserChanges = Partial<Pick<User, 'username' | 'email' | 'passwordHash' | 'bio' | 'image'>>;

/**
 * Applies the changes in one transaction: the user item (conditional on the version read, and on the viewer's
 * session: lib/db/sessions.ts), and for a new username or email, the release of the old claim and the claim of the
 * new one. A new password ends every other session of the user and keeps the one making the change. Returns the
 * updated user; throws ConcurrentChange when the user changed since `current` was read.
 */
export async function updateUser(session: Session, current: User, changes: UserChanges): Promise<User> {
  // The transaction would be refused anyway (lib/db/sessions.ts): this saves it.
  if (current.suspendedAt) throw new Suspended();
  const sessionsEnd = changes.passwordHash !== undefined ? endOtherSessions(current) : undefined;
  const updated: User = {
    ...current,
    ...changes,
    updatedAt: new Date().toISOString(),
    version: current.version + 1,
    ...(sessionsEnd && { sessionGeneration: current.sessionGeneration + 1, keptSession: session.sessionId }),
  };
  const parts: TransactPart[] = [
    // An update, not a put: counters kept on the user item are written by other requests.
    viewerUpdate(session, {
      update: `SET username = :username, email = :email, passwordHash = :passwordHash, bio = :bio, image = :image, updatedAt = :updatedAt, version = :next${sessionsEnd ? `, ${sessionsEnd.set}` : ''}`,
      condition: 'version = :version',
      values: {
        ':username': updated.username,
        ':email': updated.email,
        ':passwordHash': updated.passwordHash,
        ':bio': updated.bio,
        ':image': updated.image,
        ':updatedAt': updated.updatedAt,
        ':next': updated.version,
        ':version': current.version,
        ...sessionsEnd?.values,
      },
    }),
  ];
  for (const field of ['username', 'email'] as const) {
    if (claimKey(field, current[field]).PK === claimKey(field, updated[field]).PK) continue;
    parts.push(release(field, current[field], current.userId), claim(field, updated[field], current.userId));
  }
  try {
    await transactWrite(parts);
  } catch (error) {
    refuseViewer(error, session);
    if (conditionFailed(error, VIEWER) || isTransactionConflict(error)) throw new ConcurrentChange('user');
    conflictFrom(error);
  }
  return updated;
}
