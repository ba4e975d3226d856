import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#lib/config';
import { batchGet, keyString } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { EXPIRES_AT, type Key, loginFailures } from '#lib/db/entities';
import { ENTITY } from '#lib/db/entity';
import { TooManyRequests } from '#lib/errors';

/** Whose failed logins are counted: the account the email names, and the address the request came from. */
export interface LoginSubjects {
  email: string;
  address: string;
}

const keysOf = ({ email, address }: LoginSubjects): Record<'account' | 'address', Key> => ({
  account: loginFailures.key('account', email),
  address: loginFailures.key('address', address),
});

/**
 * How long `failures` failed logins lock a subject out after the last one: nothing below the threshold, then
 * the base lockout, doubled by every further failure, up to the maximum.
 */
export function lockoutSeconds(failures: number, threshold: number): number {
  const { loginLockoutSeconds, loginLockoutMaxSeconds } = config().limits;
  if (failures < threshold) return 0;
  return Math.min(loginLockoutMaxSeconds, loginLockoutSeconds * 2 ** Math.min(failures - threshold, 30));
}

/**
 * Throws TooManyRequests while the account or the address is locked out; otherwise says whether the account
 * has failures on record (so a success knows whether there is anything to forget). One BatchGetItem.
 */
export async function checkLoginLockout(subjects: LoginSubjects, now = Date.now()): Promise<{ accountHasFailures: boolean }> {
  const keys = keysOf(subjects);
  const items = await batchGet([keys.account, keys.address]);
  const nowSeconds = now / 1000;
  const { loginFailuresPerAccount, loginFailuresPerAddress } = config().limits;
  const read = (key: Key) => {
    const item = items.get(keyString(key));
    // TTL deletes an expired item within days, not at once: an expired one counts as none.
    const value = item && loginFailures.decode(item);
    return value && value.expiresAt > nowSeconds ? value : undefined;
  };
  const account = read(keys.account);
  const address = read(keys.address);
  const lockedUntil = Math.max(
    account ? account.lastFailedAt + lockoutSeconds(account.failures, loginFailuresPerAccount) : 0,
    address ? address.lastFailedAt + lockoutSeconds(address.failures, loginFailuresPerAddress) : 0,
  );
  if (lockedUntil > nowSeconds) throw new TooManyRequests(lockedUntil - nowSeconds, 'credentials', 'too many failed attempts, try again later');
  return { accountHasFailures: account !== undefined };
}

/**
 * Counts a failed login against the account and the address: one conditional UpdateItem each, in parallel.
 * The condition starts over a subject whose failures are forgotten but whose item TTL has not deleted yet.
 */
export async function recordLoginFailure(subjects: LoginSubjects, now = Date.now()): Promise<void> {
  const nowSeconds = Math.floor(now / 1000);
  const expiresAt = nowSeconds + config().limits.loginFailuresForgetSeconds;
  const values = { lastFailedAt: nowSeconds, [EXPIRES_AT]: expiresAt, [ENTITY]: loginFailures.type };
  await Promise.all(
    Object.values(keysOf(subjects)).map(async (key) => {
      const counted = await conditionHeld(
        db().send(
          new UpdateCommand({
            TableName: table(),
            Key: key,
            UpdateExpression: 'ADD failures :one SET lastFailedAt = :now, #expiresAt = :expiresAt, #entity = :entity',
            ConditionExpression: 'attribute_not_exists(#expiresAt) OR #expiresAt > :now',
            ExpressionAttributeNames: { '#expiresAt': EXPIRES_AT, '#entity': ENTITY },
            ExpressionAttributeValues: { ':one': 1, ':now': nowSeconds, ':expiresAt': expiresAt, ':entity': loginFailures.type },
          }),
        ),
      );
      if (!counted) await db().send(new PutCommand({ TableName: table(), Item: { ...key, ...values, failures: 1 } }));
    }),
  );
}

/** A successful login forgets the account's failures (not the address's: one account proves nothing of the others). */
export async function forgetAccountFailures(email: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: table(), Key: loginFailures.key('account', email) }));
}
