import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from '#lib/db/client';

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
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || failedConditions(error).length > 0 || attempt === ATTEMPTS) throw error;
      await pause(Math.random() * 25 * 2 ** attempt);
    }
  }
}
