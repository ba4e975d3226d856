import { describe, expect, it } from 'vitest';
import { transactWriteUnits } from '../../../scripts/bench/call-recorder.ts';

// The bench counts a transaction's write units itself: DynamoDB Local reports 12 for a 14-item and for an 18-item one.
describe('transactWriteUnits', () => {
  const put = (bytes: number) => ({ Put: { TableName: 't', Item: { PK: { S: 'a' }, SK: { S: 'b' }, body: { S: 'x'.repeat(bytes) } } } });
  const update = { Update: { TableName: 't', Key: { PK: { S: 'a' }, SK: { S: 'c' } }, UpdateExpression: 'ADD n :one' } };

  it('bills 2 units per part of up to 1 KB', () => {
    expect(transactWriteUnits(JSON.stringify({ TransactItems: [put(10), update, update] }))).toBe(6);
  });

  it('bills a Put by the KB its item takes', () => {
    expect(transactWriteUnits(JSON.stringify({ TransactItems: [put(3_000)] }))).toBe(6);
    expect(transactWriteUnits(JSON.stringify({ TransactItems: [put(60_000), update] }))).toBe(2 * 59 + 2);
  });
});
