import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from '#lib/db/client';
import type { Item } from '#lib/db/entity';

/** Where the next page of a query starts; undefined when there is none. A long job carries it from one message to the next. */
export type Continuation = Record<string, unknown> | undefined;

/** One partition of the table or of an index, optionally narrowed to a sort-key prefix or to sort keys before a value. */
export interface PartitionQuery {
  index?: { name: string; pk: string; sk: string };
  partition: string;
  sortKeyPrefix?: string;
  sortKeyBefore?: string;
  newestFirst?: boolean;
  /** Attributes to read, when not all. */
  projection?: string[];
}

/** One Query call: up to `size` items of the partition from `startKey`, and where the next page starts. */
export async function queryPage(query: PartitionQuery, size: number, startKey?: Continuation): Promise<{ items: Item[]; next: Continuation }> {
  const pk = query.index?.pk ?? 'PK';
  const sk = query.index?.sk ?? 'SK';
  const condition = query.sortKeyPrefix !== undefined ? ' AND begins_with(#sk, :sk)' : query.sortKeyBefore !== undefined ? ' AND #sk < :sk' : '';
  const sortKey = query.sortKeyPrefix ?? query.sortKeyBefore;
  const result = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: query.index?.name,
      KeyConditionExpression: `#pk = :pk${condition}`,
      ExpressionAttributeNames: {
        '#pk': pk,
        ...(condition && { '#sk': sk }),
        ...Object.fromEntries((query.projection ?? []).map((name, index) => [`#p${index}`, name])),
      },
      ExpressionAttributeValues: { ':pk': query.partition, ...(sortKey !== undefined && { ':sk': sortKey }) },
      ScanIndexForward: !query.newestFirst,
      ProjectionExpression: query.projection?.map((_, index) => `#p${index}`).join(', '),
      Limit: size,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: result.Items ?? [], next: result.LastEvaluatedKey };
}

/**
 * The one paging loop: the pages `page` returns, each from where the last one stopped, until there is no
 * next page (or the caller stops reading).
 */
export async function* pagesOf(page: (startKey: Continuation) => Promise<{ items: Item[]; next: Continuation }>): AsyncGenerator<Item[]> {
  let next: Continuation;
  do {
    const result = await page(next);
    yield result.items;
    next = result.next;
  } while (next);
}

/** The first `limit` items of the partition, in as many Query calls as DynamoDB's 1 MB pages need (normally one). */
export async function queryItems(query: PartitionQuery, limit: number): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pagesOf((startKey) => queryPage(query, limit - items.length, startKey))) {
    items.push(...page);
    if (items.length >= limit) break;
  }
  return items;
}
