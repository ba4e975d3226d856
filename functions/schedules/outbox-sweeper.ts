import { QUEUES } from '#lib/events/domain-events';
import { deliveryMessages, pendingDeliveries, postponeDelivery, REDELIVER_AFTER_SECONDS } from '#lib/db/outbox';
import { sendMessages } from '#lib/events/queues';
import { log } from '#lib/log';

const PAGE = 100;
const PAGES_PER_RUN = 10;

// Schedule: every minute. Sends again every outbox delivery that is overdue: its message was never sent
// (the queue was down when the change committed) or its consumer has not finished in time. Consumers
// are idempotent, so a delivery sent twice does no harm.
export const handler = async () => {
  let resent = 0;
  for (const queue of QUEUES) {
    for (let page = 0; page < PAGES_PER_RUN; page++) {
      const overdue = await pendingDeliveries(queue, { dueBefore: new Date(), limit: PAGE });
      if (overdue.length === 0) break;
      await sendMessages(await deliveryMessages(overdue));
      await Promise.all(overdue.map((delivery) => postponeDelivery(delivery.eventId, queue, REDELIVER_AFTER_SECONDS)));
      resent += overdue.length;
      if (overdue.length < PAGE) break;
    }
  }
  log.info('outbox swept', { resent });
  return { resent };
};
