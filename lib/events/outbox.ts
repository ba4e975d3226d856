import { randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '#lib/db/transactions';
import { batchGet, keyString } from '#lib/db/batch';
import { db, TABLE } from '#lib/db/client';
import { eventIdOfOutboxKey, indexes, keys } from '#lib/db/keys';
import { destinations, type DomainEvent, type QueueMessage, type QueueName } from '#lib/events/domain-events';
import { sendMessages } from '#lib/events/queues';
import { log } from '#lib/log';

/**
 * The transactional outbox. A change and its event are written in one transaction: one outbox item per
 * destination queue. The request then sends the messages right away; the consumer deletes its outbox
 * item once the work is done. Anything not done by its due time is sent again by the sweeper, so an
 * event accepted with its change is delivered even if the queue was down when the change was made.
 */

/** How long a delivery may take before the sweeper sends it again. */
export const REDELIVER_AFTER_SECONDS = 120;

export interface Outgoing {
  /** Items to add to the transaction that makes the change. */
  items: TransactItem[];
  /** Messages to send once that transaction has committed. */
  messages: QueueMessage[];
}

const dueAt = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

export function outboxFor(event: DomainEvent): Outgoing {
  const eventId = randomUUID();
  const createdAt = new Date().toISOString();
  const messages = destinations[event.type].map((queue): QueueMessage => ({ eventId, queue, event }));
  const items = messages.map((message): TransactItem => ({
    Put: {
      TableName: TABLE,
      Item: {
        ...keys.outboxDelivery(eventId, message.queue),
        [indexes.pendingDeliveries.pk]: indexes.pendingDeliveries.value(message.queue),
        [indexes.pendingDeliveries.sk]: `${dueAt(REDELIVER_AFTER_SECONDS)}#${eventId}`,
        eventId,
        queue: message.queue,
        eventType: event.type,
        articleId: 'articleId' in event ? event.articleId : undefined,
        authorId: event.authorId,
        event,
        createdAt,
        attempts: 1,
      },
    },
  }));
  return { items, messages };
}

/**
 * Sends messages whose outbox items are committed. A failure is logged, not thrown: the change is
 * already accepted and the sweeper will deliver it.
 */
export async function sendCommitted(outgoing: Outgoing): Promise<void> {
  if (outgoing.messages.length === 0) return;
  try {
    await sendMessages(outgoing.messages);
  } catch (error) {
    log.warn('queue unavailable; the outbox sweeper will deliver', {
      eventIds: [...new Set(outgoing.messages.map((message) => message.eventId))],
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The consumer's acknowledgement: the work for this delivery is done. Deleting twice is harmless. */
export async function settleDelivery(eventId: string, queue: QueueName): Promise<void> {
  await db.send(new DeleteCommand({ TableName: TABLE, Key: keys.outboxDelivery(eventId, queue) }));
}

/** A long job reports progress, so the sweeper doesn't start it over while it runs. */
export async function postponeDelivery(eventId: string, queue: QueueName, seconds = REDELIVER_AFTER_SECONDS): Promise<void> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: keys.outboxDelivery(eventId, queue),
        UpdateExpression: 'SET #due = :due ADD attempts :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#due': indexes.pendingDeliveries.sk },
        ExpressionAttributeValues: { ':due': `${dueAt(seconds)}#${eventId}`, ':one': 1 },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export interface PendingDelivery {
  eventId: string;
  queue: QueueName;
  eventType: DomainEvent['type'];
  articleId?: string;
  authorId: string;
}

/**
 * Deliveries of a queue not yet settled, oldest due first (the sweeper) or newest first (the feed, which
 * wants the latest publications); with `dueBefore`, only those overdue.
 */
export async function pendingDeliveries(
  queue: QueueName,
  options: { dueBefore?: Date; limit: number; newestFirst?: boolean },
): Promise<PendingDelivery[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: indexes.pendingDeliveries.name,
      KeyConditionExpression: options.dueBefore ? '#pk = :pk AND #sk < :due' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.pendingDeliveries.pk, ...(options.dueBefore && { '#sk': indexes.pendingDeliveries.sk }) },
      ExpressionAttributeValues: {
        ':pk': indexes.pendingDeliveries.value(queue),
        ...(options.dueBefore && { ':due': options.dueBefore.toISOString() }),
      },
      ScanIndexForward: !options.newestFirst,
      Limit: options.limit,
    }),
  );
  // The index projects keys, not eventId: the event id is read from the table key.
  return (result.Items ?? []).map((item) => ({
    eventId: eventIdOfOutboxKey(item.PK as string),
    queue,
    eventType: item.eventType as DomainEvent['type'],
    articleId: item.articleId as string | undefined,
    authorId: item.authorId as string,
  }));
}

/** The full messages of pending deliveries (one BatchGetItem), for the sweeper to send again. */
export async function deliveryMessages(deliveries: PendingDelivery[]): Promise<QueueMessage[]> {
  const found = await batchGet(deliveries.map((delivery) => keys.outboxDelivery(delivery.eventId, delivery.queue)));
  return deliveries.flatMap((delivery) => {
    const item = found.get(keyString(keys.outboxDelivery(delivery.eventId, delivery.queue)));
    return item ? [{ eventId: delivery.eventId, queue: delivery.queue, event: item.event as DomainEvent }] : [];
  });
}
