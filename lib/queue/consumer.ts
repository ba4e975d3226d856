import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { config } from '#lib/config';
import { recordProgress, settleDelivery } from '#lib/db/outbox';
import type { Continuation } from '#lib/db/paging';
import { QueueMessage } from '#lib/events/domain-events';
import { CORRELATION_ATTRIBUTE, sendMessages } from '#lib/events/queues';
import { endInvocation, logger, MetricUnit, metrics, publishMetrics, setCorrelationId, startInvocation } from '#lib/powertools';

/** A record not started because the invocation's time budget was spent: reported for redelivery, not an error. */
class TimeBudgetSpent extends Error {}

/**
 * An SQS consumer with partial batch failures (Powertools batch processing): each record is parsed and
 * processed on its own, one after another, and only the records that failed are returned for redelivery, so
 * a poison message never holds back the rest of its batch; after a few receives SQS moves it to the
 * dead-letter queue. A batch where every record failed is still an answer, not an error
 * (throwOnFullBatchFailure off): Lambda would otherwise retry the whole batch and count a function error.
 *
 * Records are only started while the invocation has more than `consumerReserveMs` left: the rest are
 * reported as failures, so SQS delivers them again instead of Lambda killing the invocation mid-record and
 * failing the whole batch.
 *
 * Each record's log lines carry the correlation id its message brought from the request that caused it, and
 * any message the record's work sends carries it on.
 */
export function queueConsumer(consumer: string, process: (message: QueueMessage) => Promise<void>) {
  return recordConsumer(consumer, QueueMessage, process, (message) => ({ eventId: message.eventId, type: message.event.type }));
}

/** A record the consumer has put off on purpose (it changed the message's visibility): reported failed, logged as no error. */
export class Deferred extends Error {
  constructor(readonly seconds: number) {
    super(`deferred ${seconds} s`);
    this.name = 'Deferred';
  }
}

/** The correlation id a message body may carry (domain events do; the attribute is read first in any case). */
const CarriedCorrelation = z.object({ correlationId: z.optional(z.string()) });

/**
 * queueConsumer for messages of any schema; `process` also gets the record (its receipt handle, to defer
 * it), and `describe` names a message in the log (its `type`, when it has one, is the metrics' dimension).
 */
export function recordConsumer<S extends z.core.$ZodType>(
  consumer: string,
  schema: S,
  process: (message: z.output<S>, record: SQSRecord) => Promise<void>,
  describe: (message: z.output<S>) => Record<string, unknown>,
) {
  return async (event: SQSEvent, lambda?: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Context>): Promise<SQSBatchResponse> => {
    await startInvocation(lambda);
    let budgetSpent = false;
    const processRecord = async (record: SQSRecord) => {
      budgetSpent ||= lambda !== undefined && lambda.getRemainingTimeInMillis() < config().consumerReserveMs;
      if (budgetSpent) throw new TimeBudgetSpent();
      const startedAt = Date.now();
      const context = { consumer, messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) };
      // The attribute first, so a body that does not parse is still logged under its request's id.
      setCorrelationId(record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue);
      try {
        const body: unknown = JSON.parse(record.body);
        const carried = CarriedCorrelation.safeParse(body);
        if (carried.success && carried.data.correlationId) setCorrelationId(carried.data.correlationId);
        const message = z.parse(schema, body);
        const described = describe(message);
        await process(message, record);
        const latencyMs = Date.now() - startedAt;
        const sentAt = Number(record.attributes?.SentTimestamp);
        logger.info('message processed', { ...context, ...described, latencyMs });
        metrics.addMetric('EventsProcessed', MetricUnit.Count, 1);
        metrics.addMetric('ProcessingLatency', MetricUnit.Milliseconds, latencyMs);
        // From the send to the end of the work: how far this consumer lags behind the writes.
        if (sentAt > 0) metrics.addMetric('Lag', MetricUnit.Milliseconds, Date.now() - sentAt);
        publishMetrics({ consumer, type: typeof described.type === 'string' ? described.type : consumer });
      } catch (error) {
        if (error instanceof Deferred) logger.info('message deferred', { ...context, seconds: error.seconds });
        else {
          logger.error('message failed', { ...context, error: error instanceof Error ? error.message : String(error) });
          metrics.addMetric('EventsFailed', MetricUnit.Count, 1);
          publishMetrics({ consumer });
        }
        throw error;
      } finally {
        setCorrelationId(undefined);
      }
    };
    try {
      // A processor per invocation: it holds the batch's results, and local runs invoke a consumer concurrently.
      const processor = new BatchProcessor(EventType.SQS);
      const response = await processPartialResponse(event, processRecord, processor, { processInParallel: false, throwOnFullBatchFailure: false });
      const left = processor.errors.filter((error) => error instanceof TimeBudgetSpent).length;
      if (left > 0) logger.warn('time budget spent; records left for redelivery', { consumer, left, remainingMs: lambda?.getRemainingTimeInMillis() });
      return response;
    } finally {
      endInvocation();
    }
  };
}

/**
 * Runs one bounded step of a long job. If there is more, the rest goes to a new message on the same
 * queue (and the outbox delivery records where it starts, so the sweeper resumes there rather than
 * restarting a slow job); when the job is done
 * the outbox delivery is settled.
 */
export async function stepThenSettle(message: QueueMessage, step: (from?: Continuation) => Promise<Continuation>): Promise<void> {
  const next = await step(message.continueFrom);
  if (next) {
    await sendMessages([{ ...message, continueFrom: next }]);
    await recordProgress(message.eventId, message.queue, next);
  } else {
    await settleDelivery(message);
  }
}

/** A message this consumer has no handler for: a routing mistake, so it fails and ends in the DLQ. */
export class UnexpectedEvent extends Error {
  constructor(consumer: string, type: string) {
    super(`${consumer} does not handle ${type}`);
  }
}
