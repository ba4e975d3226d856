import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { batchGet } from '#lib/db/batch';
import { db, table } from '#lib/db/client';
import { indexes, type Key, outboxDelivery } from '#lib/db/entities';
import { ItemKey } from '#lib/db/entity';
import type { DomainEvent, QueueMessage, QueueName } from '#lib/events/domain-events';

/** The SQS event Lambda delivers to a consumer for these messages. */
export function sqsEvent(messages: QueueMessage[]): SQSEvent {
  const now = String(Date.now());
  return {
    Records: messages.map((message) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(message),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'test', ApproximateFirstReceiveTimestamp: now },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:conduit-test-${message.queue}`,
      awsRegion: 'us-east-1',
    })),
  };
}

/**
 * The messages writes put in the outbox for `queue` and not yet settled, whose event matches. Nothing
 * consumes the integration run's queues, so every delivery stays pending until a test hands it to a consumer.
 * Reads the index itself rather than through pendingDeliveries(): the index projects the table keys,
 * which name the full delivery item, but not `eventId` (see tests/functions/schedules/outbox-sweeper.test.ts).
 */
export async function outboxMessages<T extends DomainEvent['type']>(
  queue: QueueName,
  type: T,
  matches: (event: Extract<DomainEvent, { type: T }>) => boolean,
): Promise<QueueMessage[]> {
  const deliveryKeys: Key[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexes.pendingDeliveries.name,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'eventType = :type',
        ExpressionAttributeNames: { '#pk': indexes.pendingDeliveries.pk },
        ExpressionAttributeValues: { ':pk': indexes.pendingDeliveries.value(queue), ':type': type },
        ExclusiveStartKey: startKey,
      }),
    );
    deliveryKeys.push(...(page.Items ?? []).map((item) => ItemKey.parse(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const items = await batchGet(deliveryKeys);
  return [...items.values()]
    .map((item): QueueMessage => {
      const { eventId, event, correlationId } = outboxDelivery.decode(item);
      return { eventId, queue, event, ...(correlationId && { correlationId }) };
    })
    .filter((message) => message.event.type === type && matches(message.event as Extract<DomainEvent, { type: T }>));
}

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Hands the outbox's matching messages to a consumer, as SQS would, and fails if none matched or any failed. */
export async function deliver<T extends DomainEvent['type']>(
  consumer: Consumer,
  queue: QueueName,
  type: T,
  matches: (event: Extract<DomainEvent, { type: T }>) => boolean,
): Promise<QueueMessage[]> {
  const messages = await outboxMessages(queue, type, matches);
  if (messages.length === 0) throw new Error(`no pending ${type} delivery on the ${queue} queue matched`);
  const { batchItemFailures } = await consumer(sqsEvent(messages));
  if (batchItemFailures.length > 0) throw new Error(`${batchItemFailures.length} of ${messages.length} ${type} message(s) failed`);
  return messages;
}
