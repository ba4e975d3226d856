import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { config } from '#lib/config';
import { recordProgress, settleDelivery } from '#lib/db/outbox';
import type { Continuation } from '#lib/db/paging';
import { QueueMessage } from '#lib/events/domain-events';
import { sendMessages } from '#lib/events/queues';
import { log } from '#lib/log';

/**
 * An SQS consumer with partial batch failures: each record is parsed and processed on its own, and only
 * the records that failed are returned for redelivery, so a poison message never holds back the rest of
 * its batch; after a few receives SQS moves it to the dead-letter queue.
 *
 * Records are only started while the invocation has more than `consumerReserveMs` left: the rest are
 * reported as failures, so SQS delivers them again instead of Lambda killing the invocation mid-record and
 * failing the whole batch.
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

/**
 * queueConsumer for messages of any schema; `process` also gets the record (its receipt handle, to defer
 * it), and `describe` names a message in the log.
 */
export function recordConsumer<S extends z.core.$ZodType>(
  consumer: string,
  schema: S,
  process: (message: z.output<S>, record: SQSRecord) => Promise<void>,
  describe: (message: z.output<S>) => Record<string, unknown>,
) {
  return async (event: SQSEvent, lambda?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const [index, record] of event.Records.entries()) {
      if (lambda && lambda.getRemainingTimeInMillis() < config().consumerReserveMs) {
        const left = event.Records.slice(index);
        batchItemFailures.push(...left.map((unstarted) => ({ itemIdentifier: unstarted.messageId })));
        log.warn('time budget spent; records left for redelivery', { consumer, left: left.length, remainingMs: lambda.getRemainingTimeInMillis() });
        break;
      }
      const startedAt = Date.now();
      const context = { consumer, messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) };
      try {
        const message = z.parse(schema, JSON.parse(record.body));
        await process(message, record);
        log.info('message processed', { ...context, ...describe(message), latencyMs: Date.now() - startedAt });
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        if (error instanceof Deferred) log.info('message deferred', { ...context, seconds: error.seconds });
        else log.error('message failed', { ...context, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { batchItemFailures };
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
    await settleDelivery(message.eventId, message.queue);
  }
}

/** A message this consumer has no handler for: a routing mistake, so it fails and ends in the DLQ. */
export class UnexpectedEvent extends Error {
  constructor(consumer: string, type: string) {
    super(`${consumer} does not handle ${type}`);
  }
}
