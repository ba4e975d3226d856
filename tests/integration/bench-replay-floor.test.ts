import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replayHandler } from '../../scripts/bench/replay-floor.ts';
import { dynamodbSender } from '../../scripts/bench/replay-floor-dynamodb.ts';
import { replayedInput } from '../../scripts/bench/replay-input.ts';

// The bench's floor for a route is the route's own calls sent again by the raw client. Sent as recorded, a
// write's condition no longer holds (the route's write happened) and its idempotency token makes DynamoDB answer
// from the first write: either way the floor would do less than the route did. Against DynamoDB Local.
describe('the replay floor', () => {
  const floor = replayHandler({ dynamodb: dynamodbSender() });
  const table = process.env.TABLE_NAME;

  const recordedCreate = () => {
    const PK = { S: `BENCH#${randomUUID()}` };
    return {
      ClientRequestToken: randomUUID(),
      TransactItems: [
        { Put: { TableName: table, Item: { PK, SK: { S: 'A' }, n: { N: '1' } }, ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Update: {
            TableName: table,
            Key: { PK, SK: { S: 'COUNT' } },
            UpdateExpression: 'ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':one': { N: '1' }, ':limit': { N: '1' } },
          },
        },
      ],
    };
  };
  const event = (input: object) => ({ rounds: [[{ service: 'dynamodb' as const, operation: 'TransactWriteItems', input: JSON.stringify(input) }]] });

  it('is refused when it sends a route transaction again as recorded', async () => {
    const recorded = recordedCreate();
    expect((await floor(event(recorded))).statusCode).toBe(200);
    const again = { ...recorded, ClientRequestToken: randomUUID() };
    expect(await floor(event(again))).toMatchObject({ statusCode: 500, body: expect.stringContaining('ConditionalCheckFailed') });
  });

  it('writes again, conditions evaluated, when sent as the bench replays it', async () => {
    const recorded = recordedCreate();
    expect((await floor(event(recorded))).statusCode).toBe(200);
    for (let replay = 0; replay < 3; replay += 1) {
      const answer = await floor(event(replayedInput('TransactWriteItems', recorded)));
      expect(answer).toEqual({ statusCode: 200, body: '{"refused":[]}' });
    }
  });

  it('holds the conditions of single writes too', async () => {
    const input = { TableName: table, Item: { PK: { S: `BENCH#${randomUUID()}` }, SK: { S: 'A' } }, ConditionExpression: 'attribute_not_exists(PK)' };
    const put = (sent: object) => floor({ rounds: [[{ service: 'dynamodb', operation: 'PutItem', input: JSON.stringify(sent) }]] });
    expect((await put(input)).statusCode).toBe(200);
    expect((await put(input)).statusCode).toBe(500);
    expect((await put(replayedInput('PutItem', input))).statusCode).toBe(200);
  });
});
