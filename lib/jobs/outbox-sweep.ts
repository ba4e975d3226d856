import { config } from '#lib/config';
import { deliveryMessages, parkDelivery, pendingDeliveries, postponeDelivery, REDELIVER_AFTER_SECONDS } from '#lib/db/outbox';
import type { QueueName } from '#lib/events/domain-events';
import { sendMessages } from '#lib/events/queues';
import { logger } from '#lib/powertools';

const PAGE = 100;
const PAGES_PER_RUN = 10;

/**
 * Sends again every overdue delivery of one queue: its message was never sent (the queue was down when the
 * change committed) or its consumer has not finished in time. A delivery already sent MAX_DELIVERY_ATTEMPTS
 * times is parked instead, so a message that always fails is not re-sent forever.
 */
export async function sweepQueue(queue: QueueName): Promise<{ resent: number; parked: number }> {
  let resent = 0;
  let parked = 0;
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const overdue = await pendingDeliveries(queue, { dueBefore: new Date(), limit: PAGE });
    if (overdue.length === 0) break;
    const deliveries = await deliveryMessages(overdue);
    const spent = deliveries.filter((delivery) => delivery.attempts >= config().maxDeliveryAttempts);
    const again = deliveries.filter((delivery) => delivery.attempts < config().maxDeliveryAttempts);
    parked += (await Promise.all(spent.map(({ message, attempts }) => parkDelivery(message.eventId, queue, attempts)))).filter(Boolean).length;
    await sendMessages(again.map((delivery) => delivery.message));
    await Promise.all(again.map(({ message }) => postponeDelivery(message.eventId, queue, REDELIVER_AFTER_SECONDS)));
    for (const { message, attempts } of again)
      logger.info('delivery resent', { queue, eventId: message.eventId, attempts, correlation_id: message.correlationId });
    for (const { message, attempts } of spent)
      logger.warn('delivery parked', { queue, eventId: message.eventId, attempts, correlation_id: message.correlationId });
    resent += again.length;
    if (overdue.length < PAGE) break;
  }
  return { resent, parked };
}
