import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '#lib/db/client';
import { ConditionsFailed, type TransactPart, transactWrite, wroteNothing } from '#lib/db/transactions';

// No DynamoDB here: a middleware answers every call in place of the service, failing the first ones the way
// a throttled table does, so the retry is seen without capacity to exhaust.
process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
process.env.AWS_ACCESS_KEY_ID = 'unit';
process.env.AWS_SECRET_ACCESS_KEY = 'unit';

const parts: TransactPart[] = [
  ['article', { Put: { TableName: 'unit', Item: { PK: 'a', SK: 'a' } } }],
  ['author', { Update: { TableName: 'unit', Key: { PK: 'u', SK: 'u' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }],
];

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const NAME = 'unit-fake-dynamodb';
let calls = 0;

/** Answers TransactWriteItems itself: throws `failures` in turn, then succeeds. */
function fakeDynamoDB(failures: Error[]) {
  calls = 0;
  db().middlewareStack.add(
    () => async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: NAME, priority: 'high' },
  );
}

afterEach(() => {
  db().middlewareStack.remove(NAME);
});

describe('transactWrite under throttling', () => {
  it('retries a transaction cancelled with ThrottlingError reasons, with backoff, until it goes through', async () => {
    fakeDynamoDB([cancelled(['ThrottlingError', 'None']), cancelled(['None', 'ThrottlingError'])]);
    await expect(transactWrite(parts)).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('retries ProvisionedThroughputExceeded and ThrottlingException that outlasted the SDK', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    fakeDynamoDB([new ProvisionedThroughputExceededException({ message: 'too fast', $metadata: {} }), throttling]);
    await expect(transactWrite(parts)).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('gives up after its attempts and passes the throttling on', async () => {
    fakeDynamoDB(Array.from({ length: 10 }, () => cancelled(['ThrottlingError', 'None'])));
    await expect(transactWrite(parts)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(calls).toBe(4);
  });

  it('never retries a failed condition, even when another part was throttled', async () => {
    fakeDynamoDB([cancelled(['ConditionalCheckFailed', 'ThrottlingError'])]);
    await expect(transactWrite(parts)).rejects.toEqual(new ConditionsFailed(new Set(['article'])));
    expect(calls).toBe(1);
  });
});

describe('wroteNothing', () => {
  it('is sure of cancellations, failed conditions, throttling and invalid requests, and of nothing else', async () => {
    fakeDynamoDB([cancelled(['ConditionalCheckFailed', 'None'])]);
    const failedCondition = await transactWrite(parts).catch((error: unknown) => error);
    expect(wroteNothing(failedCondition)).toBe(true);
    expect(wroteNothing(cancelled(['TransactionConflict', 'None']))).toBe(true);
    expect(wroteNothing(new ProvisionedThroughputExceededException({ message: 'too fast', $metadata: {} }))).toBe(true);
    expect(wroteNothing(Object.assign(new Error('bad'), { name: 'ValidationException' }))).toBe(true);
    // The request may have reached DynamoDB and been written before the answer was lost.
    expect(wroteNothing(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))).toBe(false);
    expect(wroteNothing(Object.assign(new Error('oops'), { name: 'InternalServerError' }))).toBe(false);
  });
});
