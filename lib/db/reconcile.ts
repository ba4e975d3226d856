import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { article, articleStats, articleTag, favorite, feedCount, feedEntry, tag, user } from '#lib/db/entities';
import { ENTITY, type Item, ItemKey, type Key, storedCount } from '#lib/db/entity';
import { type Continuation, pagesOf } from '#lib/db/paging';

/** The entities that hold counters. */
type CounterHolder = typeof article.type | typeof user.type | typeof tag.type | typeof feedCount.type | typeof articleStats.type;

/** A counter whose stored value differs from what the items it counts say. */
export interface Drift {
  key: Key;
  /** The entity whose item holds the counter. */
  entity: CounterHolder;
  attribute: string;
  stored: number;
  actual: number;
}

/** Counters of articles and users live on their items: without the item, there is nothing to correct. */
const ownedByItem = (entity: CounterHolder) => entity === article.type || entity === user.type;

/** What one scan of the table says about each counter: the value it holds and the items it counts. */
interface Tally {
  stored: Map<string, { key: Key; entity: CounterHolder; attribute: string; value: number; itemExists: boolean }>;
  actual: Map<string, number>;
}

const counterId = (key: Key, attribute: string) => `${key.PK}|${key.SK}|${attribute}`;

/**
 * Counts every maintained counter from the items it counts, recognising each item by its entity type, and
 * notes the value each counter holds. This reads the whole table, so it only runs from the daily schedule,
 * never in a request. (At millions of items it would become a parallel scan over segments; the counting
 * stays the same.) A scan is no snapshot: a write that lands mid-scan can be seen in the counter and missed
 * in its items, or the other way round.
 */
async function tally(): Promise<Tally> {
  const stored: Tally['stored'] = new Map();
  const actual = new Map<string, number>();
  const count = (entity: CounterHolder, key: Key, attribute: string) => {
    const id = counterId(key, attribute);
    actual.set(id, (actual.get(id) ?? 0) + 1);
    if (!stored.has(id)) stored.set(id, { key, entity, attribute, value: 0, itemExists: false });
  };
  const remember = (entity: CounterHolder, item: Item, attribute: string) => {
    const { PK, SK } = ItemKey.parse(item);
    stored.set(counterId({ PK, SK }, attribute), { key: { PK, SK }, entity, attribute, value: storedCount(item, attribute), itemExists: true });
  };

  const scanPage = async (startKey: Continuation) => {
    const page = await db().send(new ScanCommand({ TableName: table(), ExclusiveStartKey: startKey }));
    return { items: page.Items ?? [], next: page.LastEvaluatedKey };
  };
  for await (const items of pagesOf(scanPage)) {
    for (const item of items) {
      switch (item[ENTITY]) {
        case article.type: {
          const { articleId, authorId } = article.decode(item);
          count(articleStats.type, articleStats.key(articleStats.shardOf(articleId)), 'articlesCount');
          count(user.type, user.key(authorId), 'articlesCount');
          remember(article.type, item, 'favoritesCount');
          break;
        }
        case favorite.type: {
          const { articleId, userId } = favorite.decode(item);
          count(article.type, article.key(articleId), 'favoritesCount');
          count(user.type, user.key(userId), 'favoritesCount');
          break;
        }
        case articleTag.type:
          count(tag.type, tag.key(articleTag.decode(item).tag), 'articlesCount');
          break;
        case feedEntry.type:
          count(feedCount.type, feedCount.key(feedEntry.decode(item).readerId), 'feedCount');
          break;
        case user.type:
          remember(user.type, item, 'articlesCount');
          remember(user.type, item, 'favoritesCount');
          break;
        case tag.type:
          remember(tag.type, item, 'articlesCount');
          break;
        case feedCount.type:
          remember(feedCount.type, item, 'feedCount');
          break;
        case articleStats.type:
          remember(articleStats.type, item, 'articlesCount');
          break;
      }
    }
  }
  return { stored, actual };
}

const driftsOf = ({ stored, actual }: Tally): Drift[] =>
  // Favorites of a deleted article still waiting for the clean-up consumer are no drift, and correcting
  // them would bring the article back as a bare counter.
  [...stored].flatMap(([id, { key, entity, attribute, value, itemExists }]) => {
    const real = actual.get(id) ?? 0;
    return real === value || (ownedByItem(entity) && !itemExists) ? [] : [{ key, entity, attribute, stored: value, actual: real }];
  });

/** The counter's value now, read consistently (0 when it was never set); undefined when its item is gone. */
async function counterNow(drift: Drift): Promise<number | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: drift.key, ConsistentRead: true }));
  if (!Item) return ownedByItem(drift.entity) ? undefined : 0;
  return storedCount(Item, drift.attribute);
}

/**
 * Counters that differ from the items they count, confirmed: a first scan finds candidates; each
 * candidate's counter is then read, and a second scan, started after those reads, counts again. A drift
 * is kept only if both scans count the same and the counter still differs from that count; its `stored`
 * is the value read before the second scan, so correctDrift's condition fails if any write moved the
 * counter since. A write landing mid-scan thus never turns a correct counter wrong: at worst a real drift
 * waits for the next run. (Only a write undone within the second scan, the same counter moving and moving
 * back, could still slip through.)
 */
export async function counterDrifts(): Promise<{ drifts: Drift[]; unconfirmed: Drift[] }> {
  const candidates = driftsOf(await tally());
  if (candidates.length === 0) return { drifts: [], unconfirmed: [] };
  const before = await Promise.all(candidates.map(counterNow));
  const second = await tally();
  const drifts: Drift[] = [];
  const unconfirmed: Drift[] = [];
  candidates.forEach((candidate, index) => {
    const value = before[index];
    const recounted = second.actual.get(counterId(candidate.key, candidate.attribute)) ?? 0;
    if (value === undefined) return;
    // The count moved between the scans (a write landed mid-recount): one of them is wrong, maybe both.
    if (recounted !== candidate.actual) unconfirmed.push(candidate);
    else if (recounted !== value) drifts.push({ ...candidate, stored: value });
  });
  return { drifts, unconfirmed };
}

/**
 * Moves a counter by the drift, on the condition that it still holds the value that was read: a counter
 * changed meanwhile by a request is left for the next run rather than overwritten.
 */
export async function correctDrift(drift: Drift): Promise<boolean> {
  return conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: drift.key,
        UpdateExpression: 'SET #counter = :actual, #entity = :entity',
        ConditionExpression: [
          // Deleted since the scan: leave it deleted.
          ...(ownedByItem(drift.entity) ? ['attribute_exists(PK)'] : []),
          drift.stored === 0 ? '(attribute_not_exists(#counter) OR #counter = :stored)' : '#counter = :stored',
        ].join(' AND '),
        ExpressionAttributeNames: { '#counter': drift.attribute, '#entity': ENTITY },
        ExpressionAttributeValues: { ':actual': drift.actual, ':stored': drift.stored, ':entity': drift.entity },
      }),
    ),
  );
}
