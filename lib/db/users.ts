import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { ConcurrentChange } from '#lib/db/concurrency';
import { emailClaim, type User, user, usernameClaim } from '#lib/db/entities';
import type { Key } from '#lib/db/entity';
import { conditionFailed, failedItem, isTransactionConflict, type TransactItem, type TransactPart, transactWrite } from '#lib/db/transactions';
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
 * The condition on the viewer's user item that every write by a viewer carries: the item exists (a valid token
 * of a deleted user writes nothing) and is not suspended (a suspension stops the user's tokens writing at once).
 * A part carrying it asks for the item on failure (`ReturnValuesOnConditionCheckFailure`), which tells the two apart.
 */
export const VIEWER_MAY_WRITE = 'attribute_exists(PK) AND attribute_not_exists(suspendedAt)';
export const VIEWER = 'viewer';

/** A condition a write puts on a user item, with the name of the part its failure is read by. */
export interface UserCondition {
  name: string;
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export const viewerMayWrite: UserCondition = { name: VIEWER, expression: VIEWER_MAY_WRITE };

/** A ConditionCheck of the user item; a transaction may touch an item once, so a write that updates the item carries the condition with `onUserItem`. */
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

/** An update of a user item (a counter) that holds only under `condition`, named by it. */
export function onUserItem(update: TransactItem, condition: UserCondition): TransactPart {
  const { Update } = update;
  if (!Update) throw new Error('onUserItem takes an Update');
  return [
    condition.name,
    {
      Update: {
        ...Update,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: { ...Update.ExpressionAttributeNames, ...condition.names },
        ExpressionAttributeValues: { ...Update.ExpressionAttributeValues, ...condition.values },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
}

export const viewerExists = (userId: string): TransactPart => userCheck(userId, viewerMayWrite);

/** The domain error for a failed `VIEWER_MAY_WRITE`: the token's user is gone, or suspended. */
export function refuseMissingViewer(error: unknown, name = VIEWER): void {
  if (conditionFailed(error, name)) throw failedItem(error, name) ? new Suspended() : new Unauthenticated('is invalid');
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
  const created: User = { userId: randomUUID(), ...input, bio: null, image: null, createdAt: now, updatedAt: now, version: 1 };
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
 * Applies the changes in one transaction: the user item (conditional on the version read), and for a new
 * username or email, the release of the old claim and the claim of the new one. Returns the updated user;
 * throws ConcurrentChange when the user changed since `current` was read.
 */
export async function updateUser(current: User, changes: UserChanges): Promise<User> {
  if (current.suspendedAt) throw new Suspended();
  const updated: User = { ...current, ...changes, updatedAt: new Date().toISOString(), version: current.version + 1 };
  const parts: TransactPart[] = [
    [
      'user',
      {
        // An update, not a put: counters kept on the user item are written by other requests.
        Update: {
          TableName: table(),
          Key: user.key(current.userId),
          UpdateExpression:
            'SET username = :username, email = :email, passwordHash = :passwordHash, bio = :bio, image = :image, updatedAt = :updatedAt, version = :next',
          // A suspension does not move the version: the condition refuses one that landed since the read.
          ConditionExpression: 'version = :version AND attribute_not_exists(suspendedAt)',
          ExpressionAttributeValues: {
            ':username': updated.username,
            ':email': updated.email,
            ':passwordHash': updated.passwordHash,
            ':bio': updated.bio,
            ':image': updated.image,
            ':updatedAt': updated.updatedAt,
            ':next': updated.version,
            ':version': current.version,
          },
        },
      },
    ],
  ];
  for (const field of ['username', 'email'] as const) {
    if (claimKey(field, current[field]).PK === claimKey(field, updated[field]).PK) continue;
    parts.push(release(field, current[field], current.userId), claim(field, updated[field], current.userId));
  }
  try {
    await transactWrite(parts);
  } catch (error) {
    if (conditionFailed(error, 'user') || isTransactionConflict(error)) throw new ConcurrentChange('user');
    conflictFrom(error);
  }
  return updated;
}
