import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { db, table } from '#lib/db/client';
import { type DynamoDbCallRecorder, recordDynamoDbCalls } from '../support/dynamodb-calls.ts';

const getMissing = (id: number) => db().send(new GetCommand({ TableName: table(), Key: { PK: `RECORDER#${id}`, SK: 'NONE' } }));

describe('the DynamoDB call recorder', () => {
  let recorder: DynamoDbCallRecorder | undefined;
  afterEach(() => recorder?.stop());

  it('counts calls sent together as one round trip', async () => {
    recorder = recordDynamoDbCalls();
    await Promise.all([getMissing(1), getMissing(2), getMissing(3)]);
    expect(recorder.count).toBe(3);
    expect(recorder.roundTrips).toBe(1);
    expect(recorder.operations).toEqual(['GetItem', 'GetItem', 'GetItem']);
  });

  it('counts awaited calls as separate round trips', async () => {
    recorder = recordDynamoDbCalls();
    await getMissing(1);
    await getMissing(2);
    expect(recorder.roundTrips).toBe(2);
  });
});
