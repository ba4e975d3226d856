import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from '#lib/db/client';
import type { Key } from '#lib/db/keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Which items of a cancelled transaction failed their condition, by position. Empty when the
 * transaction failed for another reason (conflict with another transaction, throttling).
 */
export function failedConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

export const isTransactionConflict = (error: unknown) =>
  error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

const ATTEMPTS = 4;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * TransactWriteItems, retried when DynamoDB cancels it because another transaction held one of its items
 * (TransactionConflict): shared counters (the article count, a popular article's favorites) make that
 * routine under load, and the SDK does not retry it. Condition failures are never retried.
 */
export async function transactWrite(items: TransactItem[]): Promise<void> {
  await retryingConflicts(() => db.send(new TransactWriteCommand({ TransactItems: items })));
}

/**
 * TransactGetItems: the items (undefined where missing) as of one instant, never half of a transaction
 * that wrote several of them. At most 100 keys. A read that meets a transaction in flight is retried.
 */
export async function transactGet(keys: Key[]): Promise<(Record<string, unknown> | undefined)[]> {
  const { Responses } = await retryingConflicts(() =>
    db.send(new TransactGetCommand({ TransactItems: keys.map(({ PK, SK }) => ({ Get: { TableName: TABLE, Key: { PK, SK } } })) })),
  );
  return keys.map((_, index) => Responses?.[index]?.Item);
}

async function retryingConflicts<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isTransactionConflict(error) || failedConditions(error).length > 0 || attempt === ATTEMPTS) throw error;
      await pause(Math.random() * 25 * 2 ** attempt);
    }
  }
}
