import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import { keys } from '#lib/db/keys';
import { failedConditions, isTransactionConflict, type TransactItem, transactWrite } from '#lib/db/transactions';
import { Conflict } from '#lib/errors';

export interface User {
  userId: string;
  username: string;
  email: string;
  passwordHash: string;
  bio: string | null;
  image: string | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic lock: every update is conditional on the version it read. */
  version: number;
}

const toUser = (item: Record<string, unknown>): User => ({
  userId: item.userId as string,
  username: item.username as string,
  email: item.email as string,
  passwordHash: item.passwordHash as string,
  bio: (item.bio as string | null | undefined) ?? null,
  image: (item.image as string | null | undefined) ?? null,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
  version: (item.version as number | undefined) ?? 0,
});

export const userFromItem = toUser;

export async function userById(userId: string): Promise<User | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.user(userId) }));
  return Item ? toUser(Item) : undefined;
}

export async function userIdByUsername(username: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.username(username) }));
  return Item?.userId as string | undefined;
}

export async function userIdByEmail(email: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: TABLE, Key: keys.email(email) }));
  return Item?.userId as string | undefined;
}

const claim = (key: { PK: string; SK: string }, userId: string): TransactItem => ({
  Put: { TableName: TABLE, Item: { ...key, userId }, ConditionExpression: 'attribute_not_exists(PK)' },
});
const release = (key: { PK: string; SK: string }, userId: string): TransactItem => ({
  Delete: { TableName: TABLE, Key: key, ConditionExpression: 'userId = :userId', ExpressionAttributeValues: { ':userId': userId } },
});

/** Throws 409 naming every taken field, from the positions of the failed claims. */
function conflictFrom(error: unknown, fieldAt: Record<number, 'username' | 'email'>): never {
  const fields = failedConditions(error).flatMap((index) => fieldAt[index] ?? []);
  if (fields.length === 0) throw error;
  throw new Conflict(fields);
}

/** Creates the user and claims its username and email in one transaction, so neither can be taken twice. */
export async function createUser(input: { username: string; email: string; passwordHash: string }): Promise<User> {
  const now = new Date().toISOString();
  const user: User = { userId: randomUUID(), ...input, bio: null, image: null, createdAt: now, updatedAt: now, version: 1 };
  try {
    await transactWrite([
      { Put: { TableName: TABLE, Item: { ...keys.user(user.userId), ...user }, ConditionExpression: 'attribute_not_exists(PK)' } },
      claim(keys.username(user.username), user.userId),
      claim(keys.email(user.email), user.userId),
    ]);
  } catch (error) {
    conflictFrom(error, { 1: 'username', 2: 'email' });
  }
  return user;
}

export type UserChanges = Partial<Pick<User, 'username' | 'email' | 'passwordHash' | 'bio' | 'image'>>;

/**
 * Applies the changes in one transaction: the user item (conditional on the version read), and for a new
 * username or email, the release of the old claim and the claim of the new one. Returns the updated user.
 */
export async function updateUser(current: User, changes: UserChanges): Promise<User> {
  const updated: User = { ...current, ...changes, updatedAt: new Date().toISOString(), version: current.version + 1 };
  const items: TransactItem[] = [
    {
      // An update, not a put: counters kept on the user item are written by other requests.
      Update: {
        TableName: TABLE,
        Key: keys.user(current.userId),
        UpdateExpression:
          'SET username = :username, email = :email, passwordHash = :passwordHash, bio = :bio, image = :image, updatedAt = :updatedAt, version = :next',
        ConditionExpression: 'version = :version',
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
  ];
  const fieldAt: Record<number, 'username' | 'email'> = {};
  for (const field of ['username', 'email'] as const) {
    const keyFor = field === 'username' ? keys.username : keys.email;
    const before = keyFor(current[field]);
    const after = keyFor(updated[field]);
    if (before.PK === after.PK) continue;
    items.push(release(before, current.userId));
    fieldAt[items.length] = field;
    items.push(claim(after, current.userId));
  }
  try {
    await transactWrite(items);
  } catch (error) {
    if (failedConditions(error).includes(0) || isTransactionConflict(error)) {
      throw new ConcurrentUpdate();
    }
    conflictFrom(error, fieldAt);
  }
  return updated;
}

/** Another request changed the user between our read and our write; the caller reads again and retries. */
export class ConcurrentUpdate extends Error {
  constructor() {
    super('user changed concurrently');
  }
}
