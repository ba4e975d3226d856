import { config } from '#lib/config';
import { QUEUES } from '#lib/events/domain-events';
import { sweepQueue } from '#lib/jobs/outbox-sweep';
import { log } from '#lib/log';

// Schedule: every minute. Sends again every outbox delivery that is overdue and parks those that failed too
// often (lib/jobs/outbox-sweep.ts). Consumers are idempotent, so a delivery sent twice does no harm.
export const handler = async () => {
  let resent = 0;
  let parked = 0;
  for (const queue of QUEUES) {
    const swept = await sweepQueue(queue);
    resent += swept.resent;
    parked += swept.parked;
  }
  log.info('outbox swept', { resent, parked });
  // An embedded-metric-format line, written whatever LOG_LEVEL says: CloudWatch turns it into the
  // DeliveriesParked metric that ParkedDeliveriesAlarm in serverless.yml watches.
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [{ Namespace: 'Conduit', Dimensions: [['Stage']], Metrics: [{ Name: 'DeliveriesParked', Unit: 'Count' }] }],
      },
      Stage: config().stage,
      DeliveriesParked: parked,
    }),
  );
  return { resent, parked };
};
