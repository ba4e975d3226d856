import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, table } from '#lib/db/client';
import type { Item, Key } from '#lib/db/entity';
import { backoff, pause } from '#lib/pause';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A transaction's item with a name, so a failed condition is read by what it guards ('article', 'email'),
 * never by its position: a transaction can be reordered or grow without its failures changing meaning.
 */
export type TransactPart = readonly [name: string, item: TransactItem];

/** A transaction cancelled because the conditions of the parts named failed; nothing was written. */
export class ConditionsFailed extends Error {
  constructor(
    readonly names: ReadonlySet<string>,
    /**
     * The item each failed part found, for parts that asked for it (`ReturnValuesOnConditionCheckFailure:
     * 'ALL_OLD'`) and found one: what the condition was refused by.
     */
    readonly items: ReadonlyMap<string, Item> = new Map(),
  ) {
    super(`transaction conditions failed: ${[...names].join(', ')}`);
    this.name = 'ConditionsFailed';
  }
}

/** Whether `error` is a transaction whose part `name` failed its condition (any part, without a name). */
export const conditionFailed = (error: unknown, name?: string) => error instanceof ConditionsFailed && (name === undefined || error.names.has(name));

/** The item part `name` found when its condition failed; undefined when there was none (or the part did not ask for it). */
export const failedItem = (error: unknown, name: string): Item | undefined => (error instanceof ConditionsFailed ? error.items.get(name) : undefined);

const reasonCodes = (error: unknown) => (error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code) : []);

/** DynamoDB cancelled the transaction because another transaction held one of its items. */
export const isTransactionConflict = (error: unknown) => reasonCodes(error).includes('TransactionConflict');

const THROTTLING_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/**
 * DynamoDB refused for capacity: a transaction cancelled with ThrottlingError reasons (which the SDK does
 * not retry), or a throttling error that outlasted the SDK's own attempts.
 */
export const isThrottled = (error: unknown) => reasonCodes(error).includes('ThrottlingError') || (error instanceof Error && THROTTLING_ERRORS.has(error.name));

/**
 * The transaction certainly wrote nothing: DynamoDB cancelled it (a failed condition, a conflict), throttled it, or
 * refused it as invalid. Any other error (a timeout, a lost connection, a 500) leaves it unknown whether it was written.
 */
export const wroteNothing = (error: unknown) =>
  error instanceof ConditionsFailed ||
  error instanceof TransactionCanceledException ||
  isThrottled(error) ||
  (error instanceof Error && error.name === 'ValidationException');

/** Worth sending again: nothing was written, and no condition failed. */
const isRetryable = (error: unknown) => (isTransactionConflict(error) || isThrottled(error)) && !reasonCodes(error).includes('ConditionalCheckFailed');

const ATTEMPTS = 4;

/**
 * TransactWriteItems, retried with backoff when DynamoDB cancels it because another transaction held one of
 * its items (TransactionConflict) or because it was throttled: shared counters (the article count, a popular
 * article's favorites) make both routine under load, and the SDK retries neither. Condition failures are never retried; they are
 * thrown as ConditionsFailed naming the parts whose conditions failed.
 */
export async function transactWrite(parts: TransactPart[]): Promise<void> {
  try {
    await retryingConflicts(() => db().send(new TransactWriteCommand({ TransactItems: parts.map(([, item]) => item) })));
  } catch (error) {
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    const failed = reasons.flatMap((reason, index) => {
      const part = parts[index];
      return part && reason.Code === 'ConditionalCheckFailed' ? [{ name: part[0], item: reason.Item }] : [];
    });
    if (failed.length > 0) {
      throw new ConditionsFailed(
        new Set(failed.map(({ name }) => name)),
        new Map(failed.flatMap(({ name, item }) => (item ? [[name, unmarshall(item)] as const] : []))),
      );
    }
    throw error;
  }
}

/**
 * TransactGetItems: the items (undefined where missing) as of one instant, never half of a transaction
 * that wrote several of them. At most 100 keys. A read that meets a transaction in flight is retried.
 */
export async function transactGet(keys: Key[]): Promise<(Item | undefined)[]> {
  const { Responses } = await retryingConflicts(() =>
    db().send(new TransactGetCommand({ TransactItems: keys.map(({ PK, SK }) => ({ Get: { TableName: table(), Key: { PK, SK } } })) })),
  );
  return keys.map((_, index) => Responses?.[index]?.Item);
}

async function retryingConflicts<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isRetryable(error) || attempt === ATTEMPTS) throw error;
      // Full jitter; throttling waits longer, since capacity comes back per second, not per transaction.
      await pause(Math.random() * backoff(attempt, isThrottled(error) ? 50 : 25, Infinity));
    }
  }
}
