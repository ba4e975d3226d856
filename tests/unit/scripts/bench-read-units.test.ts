import { describe, expect, it } from 'vitest';
import { itemSize, readUnitsFloor } from '../../../scripts/bench/call-recorder.ts';

// The bench puts each route's consumed read units beside the fewest its returned items allow.
const text = (bytes: number) => ({ S: 'x'.repeat(bytes) });
const item = (bytes: number) => ({ PK: { S: 'ARTICLE#1' }, body: text(bytes) });

describe('the read units a call could not have spent less than', () => {
  it('sizes an item as DynamoDB does: names and values, numbers by digits, lists and maps with their overhead', () => {
    expect(itemSize({ PK: { S: 'USER#1' }, count: { N: '123' } })).toBe(2 + 6 + 5 + 3);
    expect(itemSize({ tags: { L: [{ S: 'ab' }, { S: 'c' }] } })).toBe(4 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ flag: { BOOL: true }, gone: { NULL: true } })).toBe(4 + 1 + 4 + 1);
  });

  it('bills an item read alone by its own size, half a unit per 4 KB begun', () => {
    expect(readUnitsFloor('GetItem', JSON.stringify({ Item: item(100) }))).toBe(0.5);
    expect(readUnitsFloor('GetItem', JSON.stringify({ Item: item(5000) }))).toBe(1);
    // DynamoDB bills a read that finds nothing half a unit; DynamoDB Local reports 0 for an empty Query.
    expect(readUnitsFloor('GetItem', '{}')).toBe(0.5);
    expect(readUnitsFloor('Query', JSON.stringify({ Items: [], Count: 0 }))).toBe(0.5);
  });

  it("bills a query's items together and a batch's one by one", () => {
    const items = [item(2000), item(2000), item(2000)];
    expect(readUnitsFloor('Query', JSON.stringify({ Items: items, Count: 3 }))).toBe(1);
    expect(readUnitsFloor('BatchGetItem', JSON.stringify({ Responses: { table: items } }))).toBe(1.5);
    // A key the batch asked for and did not find is billed too.
    const keys = (count: number) => JSON.stringify({ RequestItems: { table: { Keys: Array.from({ length: count }, (_, n) => ({ PK: { S: String(n) } })) } } });
    expect(readUnitsFloor('BatchGetItem', JSON.stringify({ Responses: { table: items } }), keys(5))).toBe(2.5);
  });

  it('counts nothing for an error or a write', () => {
    expect(readUnitsFloor('Query', 'not json')).toBe(0);
    expect(readUnitsFloor('PutItem', JSON.stringify({}))).toBe(0);
  });
});
