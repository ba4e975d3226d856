import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, keyString } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { indexes, outboxDelivery, pendingDelivery } from '#lib/db/entities';
import { queryItems } from '#lib/db/paging';
import type { TransactPart } from '#lib/db/transactions';
import { destinations, type DomainEvent, type QueueMessage, type QueueName } from '#lib/events/domain-events';

/**
 * The transactional outbox. A change and its event are written in one transaction: one outbox item per
 * destination queue. The request then sends the messages right away; the consumer deletes its outbox
 * item once the work is done. Anything not done by its due time is sent again by the sweeper, so an
 * event accepted with its change is delivered even if the queue was down when the change was made.
 */

/** How long a delivery may take before the sweeper sends it again. */
export const REDELIVER_AFTER_SECONDS = 120;

export interface Outgoing {
  /** Parts to add to the transaction that makes the change. */
  parts: TransactPart[];
  /** Messages to send once that transaction has committed. */
  messages: QueueMessage[];
}

/** A change that sends nothing. */
export const nothingToSend: Outgoing = { parts: [], messages: [] };

const dueAt = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

export function outboxFor(event: DomainEvent): Outgoing {
  const eventId = randomUUID();
  const createdAt = new Date().toISOString();
  const messages = destinations[event.type].map((queue): QueueMessage => ({ eventId, queue, event }));
  const parts = messages.map((message): TransactPart => [
    `outbox ${message.queue}`,
    {
      Put: {
        TableName: table(),
        Item: outboxDelivery.item({
          eventId,
          queue: message.queue,
          eventType: event.type,
          articleId: 'articleId' in event ? event.articleId : undefined,
          authorId: event.authorId,
          event,
          createdAt,
          dueAt: dueAt(REDELIVER_AFTER_SECONDS),
          attempts: 1,
        }),
      },
    },
  ]);
  return { parts, messages };
}

/** The consumer's acknowledgement: the work for this delivery is done. Deleting twice is harmless. */
export async function settleDelivery(eventId: string, queue: QueueName): Promise<void> {
  await db().send(new DeleteCommand({ TableName: table(), Key: outboxDelivery.key(eventId, queue) }));
}

/** A long job reports progress, so the sweeper doesn't start it over while it runs. */
export async function postponeDelivery(eventId: string, queue: QueueName, seconds = REDELIVER_AFTER_SECONDS): Promise<void> {
  const due = dueAt(seconds);
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: outboxDelivery.key(eventId, queue),
        UpdateExpression: 'SET #due = :due, dueAt = :dueAt ADD attempts :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#due': indexes.pendingDeliveries.sk },
        ExpressionAttributeValues: { ':due': `${due}#${eventId}`, ':dueAt': due, ':one': 1 },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
  const entries = await queryItems(
    {
      index: indexes.pendingDeliveries,
      partition: indexes.pendingDeliveries.value(queue),
      sortKeyBefore: options.dueBefore?.toISOString(),
      newestFirst: options.newestFirst,
    },
    options.limit,
  );
  return entries.map((entry) => ({ ...pendingDelivery.parse(entry), queue }));
}

/** The full messages of pending deliveries (one BatchGetItem), for the sweeper to send again. */
export async function deliveryMessages(deliveries: PendingDelivery[]): Promise<QueueMessage[]> {
  const found = await batchGet(deliveries.map((delivery) => outboxDelivery.key(delivery.eventId, delivery.queue)));
  return deliveries.flatMap((delivery) => {
    const item = found.get(keyString(outboxDelivery.key(delivery.eventId, delivery.queue)));
    return item ? [{ eventId: delivery.eventId, queue: delivery.queue, event: outboxDelivery.decode(item).event }] : [];
  });
}
