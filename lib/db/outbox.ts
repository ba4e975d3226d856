import { randomUUID } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, batchWrite, keyString } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { conditionHeld } from '#lib/db/conditional-write';
import { deliveryEventId, indexes, outboxDelivery, PENDING_REPLICAS, pendingDelivery, pendingPublication, pendingPublications } from '#lib/db/entities';
import type { Continuation } from '#lib/db/paging';
import { queryItems } from '#lib/db/paging';
import type { TransactPart } from '#lib/db/transactions';
import { type DomainEvent, destinationsOf, type QueueMessage, type QueueName } from '#lib/events/domain-events';
import { correlationId } from '#lib/powertools';

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

/**
 * The outbox parts and messages of an event. They carry the correlation id of the request making the change,
 * so the sweeper's resends and the consumers' runs log under the id of the request that caused them.
 */
export function outboxFor(event: DomainEvent): Outgoing {
  const eventId = randomUUID();
  const createdAt = new Date().toISOString();
  const causedBy = correlationId();
  const messages = destinationsOf(event).map((queue): QueueMessage => ({ eventId, queue, event, ...(causedBy && { correlationId: causedBy }) }));
  const articleId = 'articleId' in event ? event.articleId : undefined;
  const parts = messages.map(
    (message): TransactPart => [
      `outbox ${message.queue}`,
      {
        Put: {
          TableName: table(),
          Item: outboxDelivery.item({
            eventId,
            queue: message.queue,
            eventType: event.type,
            articleId,
            authorId: event.authorId,
            event,
            createdAt,
            dueAt: dueAt(REDELIVER_AFTER_SECONDS),
            attempts: 1,
            correlationId: causedBy,
          }),
        },
      },
    ],
  );
  // The feed's pending list, in every copy (entities.ts, `pendingPublication`).
  const copies =
    articleId && messages.some((message) => message.queue === 'feed')
      ? Array.from(
          { length: PENDING_REPLICAS },
          (_, replica): TransactPart => [
            `pending copy ${replica}`,
            {
              Put: {
                TableName: table(),
                Item: pendingPublication.item({ replica, eventId, eventType: event.type, articleId, authorId: event.authorId, expiresAt: copyExpiry() }),
              },
            },
          ],
        )
      : [];
  return { parts: [...parts, ...copies], messages };
}

/** A day: far longer than a fan-out takes, even one the sweeper resent a few times. */
const PENDING_COPY_SECONDS = 86_400;
const copyExpiry = () => Math.floor(Date.now() / 1000) + PENDING_COPY_SECONDS;

/**
 * The consumer's acknowledgement: the work for this delivery is done. Deleting twice is harmless. A feed
 * delivery's pending copies go first: while one is left, feed reads merge the article in, which is right
 * until the work is done, and harmless after; a delivery left without copies is sent again and settled again.
 */
export async function settleDelivery(message: Pick<QueueMessage, 'eventId' | 'queue' | 'event'>): Promise<void> {
  const { eventId, queue, event } = message;
  if (queue === 'feed' && 'articleId' in event) await batchWrite(pendingPublications.keys(event.articleId, eventId).map((key) => ({ delete: key })));
  await db().send(new DeleteCommand({ TableName: table(), Key: outboxDelivery.key(eventId, queue) }));
}

/**
 * One conditional update of a delivery that files it in a list (pending, by due time; or parked, by when)
 * at `sortKey`, and changes it as `change.update` says. False when `change.condition` no longer held: the
 * delivery was settled, parked or moved on meanwhile.
 */
function refileDelivery(
  eventId: string,
  queue: QueueName,
  list: typeof indexes.pendingDeliveries,
  sortKey: string,
  change: { update: string; condition: string; values: Record<string, unknown> },
): Promise<boolean> {
  return conditionHeld(
    db().send(
      new UpdateCommand({
        TableName: table(),
        Key: outboxDelivery.key(eventId, queue),
        UpdateExpression: `SET #listPk = :listPk, #listSk = :listSk, ${change.update}`,
        ConditionExpression: change.condition,
        ExpressionAttributeNames: { '#listPk': list.pk, '#listSk': list.sk },
        ExpressionAttributeValues: { ':listPk': list.value(queue), ':listSk': `${sortKey}#${eventId}`, ...change.values },
      }),
    ),
  );
}

const STILL_PENDING = 'attribute_exists(PK) AND attribute_not_exists(parkedAt)';

/** The sweeper sent the delivery again: it counts one more attempt and falls due again later. */
export async function postponeDelivery(eventId: string, queue: QueueName, seconds = REDELIVER_AFTER_SECONDS): Promise<void> {
  const due = dueAt(seconds);
  await refileDelivery(eventId, queue, indexes.pendingDeliveries, due, {
    update: 'dueAt = :dueAt ADD attempts :one',
    condition: STILL_PENDING,
    values: { ':dueAt': due, ':one': 1 },
  });
}

/**
 * A long job's step is done and the rest is on its way in a new message: the delivery records where the
 * next step starts, so a sweeper resend resumes there instead of from scratch, and falls due again later.
 * Progress is no failure: the attempts start over.
 */
export async function recordProgress(eventId: string, queue: QueueName, continueFrom: NonNullable<Continuation>): Promise<void> {
  const due = dueAt(REDELIVER_AFTER_SECONDS);
  await refileDelivery(eventId, queue, indexes.pendingDeliveries, due, {
    update: 'dueAt = :dueAt, continueFrom = :from, attempts = :one',
    condition: STILL_PENDING,
    values: { ':dueAt': due, ':from': continueFrom, ':one': 1 },
  });
}

/**
 * Takes a delivery that was sent `attempts` times without being settled out of the pending list into the
 * parked one: kept, visible, never swept again until redriven. Not if it moved on since it was read.
 */
export function parkDelivery(eventId: string, queue: QueueName, attempts: number): Promise<boolean> {
  const parkedAt = new Date().toISOString();
  return refileDelivery(eventId, queue, indexes.parkedDeliveries, parkedAt, {
    update: 'parkedAt = :parkedAt',
    condition: 'attempts = :attempts AND attribute_not_exists(parkedAt)',
    values: { ':parkedAt': parkedAt, ':attempts': attempts },
  });
}

/** Puts a parked delivery back in the pending list, due now and with its attempts counted afresh. */
export function unparkDelivery(eventId: string, queue: QueueName): Promise<boolean> {
  const now = new Date().toISOString();
  return refileDelivery(eventId, queue, indexes.pendingDeliveries, now, {
    update: 'dueAt = :now, attempts = :zero REMOVE parkedAt',
    condition: 'attribute_exists(parkedAt)',
    values: { ':now': now, ':zero': 0 },
  });
}

/** The event ids of a queue's parked deliveries, oldest parked first. */
export async function parkedDeliveries(queue: QueueName, limit: number): Promise<string[]> {
  const entries = await queryItems({ index: indexes.parkedDeliveries, partition: indexes.parkedDeliveries.value(queue) }, limit);
  return entries.map((entry) => deliveryEventId.parse(entry));
}

export interface PendingDelivery {
  eventId: string;
  queue: QueueName;
  eventType: DomainEvent['type'];
  articleId?: string;
  authorId: string;
}

/**
 * Deliveries of a queue not yet settled, oldest due first; with `dueBefore`, only those overdue. The sweeper's
 * list: feed reads take the pending publications from their copies instead.
 */
export async function pendingDeliveries(queue: QueueName, options: { dueBefore?: Date; limit: number }): Promise<PendingDelivery[]> {
  const entries = await queryItems(
    {
      index: indexes.pendingDeliveries,
      partition: indexes.pendingDeliveries.value(queue),
      sortKeyBefore: options.dueBefore?.toISOString(),
    },
    options.limit,
  );
  return entries.map((entry) => ({ ...pendingDelivery.parse(entry), queue }));
}

/**
 * The full messages of pending deliveries (one BatchGetItem), for the sweeper to send again: from the
 * recorded progress of a long job, with how many times each was sent already.
 */
export async function deliveryMessages(deliveries: PendingDelivery[]): Promise<{ message: QueueMessage; attempts: number }[]> {
  const found = await batchGet(deliveries.map((delivery) => outboxDelivery.key(delivery.eventId, delivery.queue)));
  return deliveries.flatMap((delivery) => {
    const item = found.get(keyString(outboxDelivery.key(delivery.eventId, delivery.queue)));
    if (!item) return [];
    const { event, attempts, continueFrom, correlationId } = outboxDelivery.decode(item);
    return [
      {
        message: { eventId: delivery.eventId, queue: delivery.queue, event, ...(continueFrom && { continueFrom }), ...(correlationId && { correlationId }) },
        attempts,
      },
    ];
  });
}
