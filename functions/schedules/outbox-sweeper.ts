import type { Context } from 'aws-lambda';
import { QUEUES } from '#lib/events/domain-events';
import { sweepQueue } from '#lib/jobs/outbox-sweep';
import { logger, MetricUnit, metrics, publishMetrics, startInvocation } from '#lib/powertools';

// Schedule: every minute. Sends again every outbox delivery that is overdue and parks those that failed too
// often (lib/jobs/outbox-sweep.ts). Consumers are idempotent, so a delivery sent twice does no harm.
export const handler = async (_event?: unknown, context?: Context) => {
  await startInvocation(context);
  let resent = 0;
  let parked = 0;
  for (const queue of QUEUES) {
    const swept = await sweepQueue(queue);
    resent += swept.resent;
    parked += swept.parked;
  }
  logger.info('outbox swept', { resent, parked });
  // Written whatever LOG_LEVEL says (metrics are not log lines): ParkedDeliveriesAlarm in serverless.yml
  // watches DeliveriesParked.
  metrics.addMetric('DeliveriesParked', MetricUnit.Count, parked);
  metrics.addMetric('DeliveriesResent', MetricUnit.Count, resent);
  publishMetrics();
  return { resent, parked };
};
