import { describe, expect, it } from 'vitest';
import type { RecordedCall, Service } from '../../../scripts/bench/call-recorder.ts';
import { newValueLike, replayEventOf, valuesOfItsOwn, withNewValues } from '../../../scripts/bench/replay-input.ts';

const call = (operation: string, body: object, service: Service = 'dynamodb'): RecordedCall => ({
  service,
  operation,
  body: JSON.stringify(body),
  startedAt: 0,
  endedAt: 1,
  readUnits: 0,
  minReadUnits: 0,
  writeUnits: 0,
});

// Two requests of an article create: each makes its own id, slug and time; the author and the table are the same.
const create = (id: string, slug: string, at: string) => [
  call('GetItem', { TableName: 'conduit', Key: { PK: { S: 'USER#ann' }, SK: { S: 'SESSION#1' } } }),
  call('TransactWriteItems', {
    TransactItems: [
      {
        Put: {
          TableName: 'conduit',
          Item: {
            PK: { S: `ARTICLE#${id}` },
            SK: { S: 'ARTICLE' },
            articleId: { S: id },
            slug: { S: slug },
            createdAt: { N: at },
            tagList: { SS: ['dragons', id] },
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: 'conduit',
          Key: { PK: { S: 'STATS' }, SK: { S: 'ARTICLES#07' } },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'articlesCount' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
        },
      },
    ],
  }),
  call('SendMessage', { QueueUrl: 'http://queue', MessageBody: JSON.stringify({ articleId: id }) }, 'sqs'),
];

// The bench's floor sends a route's recorded calls again. Where each request of the route inserts new items, the
// floor must insert too: overwriting the recorded items would time other work than the route's.
describe("the replay floor's new values", () => {
  const first = create('01JA', 'dragons-01ja', '1732665259123');
  const second = create('01JB', 'dragons-01jb', '1732665260456');

  it('finds the attribute values a request made for itself, and nothing that is the same in every request', () => {
    expect([...valuesOfItsOwn(first, second)].sort()).toEqual(['01JA', '01ja', '1732665259123']);
  });

  it('compares calls sent together whichever order they reached the recorder in', () => {
    const [session, transaction, send] = second;
    const limit = (window: string) => call('UpdateItem', { Key: { PK: { S: 'LIMIT#articles#ann' }, SK: { S: window } }, UpdateExpression: 'ADD hits :one' });
    expect([...valuesOfItsOwn([...first, limit('29433072')], [session!, limit('29433072'), transaction!, send!])].sort()).toEqual([
      '01JA',
      '01ja',
      '1732665259123',
    ]);
  });

  it('refuses to compare requests that did not make the same calls', () => {
    expect(() => valuesOfItsOwn(first, second.slice(1))).toThrow(/same calls/);
  });

  it('makes a value of the same length and kinds of characters, a number staying a number of as many digits', () => {
    for (const value of ['01JA', '01ja', '1732665259123', '0']) {
      const made = newValueLike(value);
      expect(made).toHaveLength(value.length);
      expect(made.replace(/[0-9]/g, '0').replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A')).toBe(
        value.replace(/[0-9]/g, '0').replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A'),
      );
    }
    expect(newValueLike('1732665259123')).toMatch(/^[1-9][0-9]{12}$/);
    expect(new Set(Array.from({ length: 20 }, () => newValueLike('01JA'))).size).toBeGreaterThan(1);
  });

  it("replaces the route's own values in each replay, the same value the same way wherever it recurs, and leaves the rest as recorded", () => {
    const event = replayEventOf([first]);
    const own = valuesOfItsOwn(first, second);
    const replays = [withNewValues(event, own), withNewValues(event, own)];
    const puts = replays.map((replay) => JSON.parse(replay.rounds[0]![1]!.input).TransactItems[0].Put.Item);
    for (const item of puts) {
      expect(item.articleId.S).toMatch(/^[0-9]{2}[A-Z]{2}$/);
      expect(item.articleId.S).not.toBe('01JA');
      expect(item.PK.S).toBe(`ARTICLE#${item.articleId.S}`);
      expect(item.tagList.SS).toEqual(['dragons', item.articleId.S]);
      expect(item.slug.S).toMatch(/^dragons-[0-9]{2}[a-z]{2}$/);
      expect(item.SK.S).toBe('ARTICLE');
      expect(item.createdAt.N).toMatch(/^[1-9][0-9]{12}$/);
    }
    expect(puts[0].articleId.S).not.toBe(puts[1].articleId.S);
    const [session, transaction, send] = replays[0]!.rounds[0]!;
    expect(session!.input).toBe(event.rounds[0]![0]!.input);
    expect(JSON.parse(transaction!.input).TransactItems[1]).toEqual(JSON.parse(event.rounds[0]![1]!.input).TransactItems[1]);
    expect(send).toEqual(event.rounds[0]![2]);
  });

  it("replays as recorded when no value is the route's own", () => {
    const event = replayEventOf([first]);
    expect(withNewValues(event, valuesOfItsOwn(first, first))).toBe(event);
  });
});
