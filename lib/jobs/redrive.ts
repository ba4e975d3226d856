import { parkedDeliveries, unparkDelivery } from '#lib/db/outbox';
import type { QueueName } from '#lib/events/domain-events';
import { sweepQueue } from '#lib/jobs/outbox-sweep';

const PAGE = 100;

/**
 * Puts every parked delivery of a queue back in its pending list, due now, then sweeps the queue so they
 * are sent at once (`npm run redrive`, after the cause of their failures is fixed).
 */
export async function redriveParked(queue: QueueName): Promise<{ redriven: number; resent: number }> {
  let redriven = 0;
  for (;;) {
    const parked = await parkedDeliveries(queue, PAGE);
    if (parked.length === 0) break;
    const moved = (await Promise.all(parked.map((eventId) => unparkDelivery(eventId, queue)))).filter(Boolean).length;
    redriven += moved;
    // The index lags the table: a page of entries already moved means the rest is only the index catching up.
    if (parked.length < PAGE || moved === 0) break;
  }
  const { resent } = await sweepQueue(queue);
  return { redriven, resent };
}
