import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db } from '#lib/db/client';

let injectors = 0;

/**
 * Makes the next `times` TransactWriteItems calls fail the way DynamoDB fails a transaction when another
 * transaction (or write) is in progress on one of its items: TransactionCanceledException with reason
 * TransactionConflict for that item and None for the others. DynamoDB Local serializes transactions and
 * never answers this, so contention can only be shown by injecting it. The SDK does not retry it.
 */
export function conflictNextTransactions(times = 1, conflictingItem = 0) {
  let left = times;
  const name = `test-transaction-conflict-${++injectors}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (left > 0 && context.commandName === 'TransactWriteItemsCommand') {
        left -= 1;
        const count = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: Array.from({ length: count }, (_, index) =>
            index === conflictingItem ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
          ),
        });
      }
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get injected() {
      return times - left;
    },
    remove: () => db().middlewareStack.remove(name),
  };
}

/**
 * Holds every TransactWriteItems for `ms` before sending it, so requests started together all finish their
 * reads before any of them writes: the interleaving real concurrency produces only some of the time.
 */
export function delayTransactions(ms: number) {
  const name = `test-transaction-delay-${++injectors}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') await new Promise((resolve) => setTimeout(resolve, ms));
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return { remove: () => db().middlewareStack.remove(name) };
}

/**
 * Runs `interleaved` once, right after the `n`th DynamoDB call (1-based, counted from now) has returned and
 * before its caller sees the result: a consumer that happens to run in the middle of a request, at a chosen
 * point. The calls `interleaved` makes are not counted.
 */
export function interleaveAfterCall(n: number, interleaved: () => Promise<unknown>) {
  let seen = 0;
  let ran = false;
  const name = `test-interleave-${++injectors}`;
  db().middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      if (!ran && ++seen === n) {
        ran = true;
        await interleaved();
      }
      return result;
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    get ran() {
      return ran;
    },
    remove: () => db().middlewareStack.remove(name),
  };
}
