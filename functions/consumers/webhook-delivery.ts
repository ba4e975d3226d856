import * as z from 'zod/mini';
import { QueueMessage } from '#lib/events/domain-events';
import { attemptDelivery, fanOut } from '#lib/jobs/webhooks';
import { recordConsumer } from '#lib/queue/consumer';
import { WebhookAttempt } from '#lib/webhooks/events';

// SQS: the webhooks queue. An outbox event fans out to a delivery per subscribed endpoint of its owner;
// a delivery is sent, signed, and retried with backoff until it succeeds or runs out of attempts.
export const handler = recordConsumer(
  'webhook-delivery',
  z.union([WebhookAttempt, QueueMessage]),
  (message, record) => ('kind' in message ? attemptDelivery(message, record) : fanOut(message)),
  (message) => ('kind' in message ? { deliveryId: message.deliveryId } : { eventId: message.eventId, type: message.event.type }),
);
