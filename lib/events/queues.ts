import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { config } from '#lib/config';
import type { QueueMessage, QueueName } from '#lib/events/domain-events';
import { logger, MetricUnit, metrics, publishMetrics, traced } from '#lib/powertools';

let client: SQSClient | undefined;

/** Created on first use and kept for the container's life. */
export function sqs(): SQSClient {
  client ??= traced(
    new SQSClient({
      region: config().region,
      ...(config().sqsEndpoint && { endpoint: config().sqsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      // A request must not hang on a queue that is down or silent: the outbox sweeper delivers later.
      // throwOnRequestTimeout makes requestTimeout abort the attempt; without it smithy only logs a warning.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: config().sqsTimeoutMs, throwOnRequestTimeout: true },
    }),
  );
  return client;
}

/** The message attribute that repeats the body's correlation id, for tools that read attributes, not bodies. */
export const CORRELATION_ATTRIBUTE = 'correlationId';

const urls = new Map<QueueName, Promise<string>>();

/** Resolved by name once per container, so the same code finds AWS queues and the local emulator's. */
function queueUrl(queue: QueueName, abortSignal?: AbortSignal): Promise<string> {
  let url = urls.get(queue);
  if (!url) {
    url = sqs()
      .send(new GetQueueUrlCommand({ QueueName: `${config().queueNamePrefix}-${queue}` }), { abortSignal })
      .then((result) => result.QueueUrl ?? Promise.reject(new Error(`no URL for queue ${queue}`)));
    url.catch(() => urls.delete(queue));
    urls.set(queue, url);
  }
  return url;
}

/**
 * Sends messages to their queues, 10 per request (SQS's batch limit). Throws if any message was refused,
 * or when `abortSignal` fires first.
 */
export async function sendMessages(messages: QueueMessage[], abortSignal?: AbortSignal): Promise<void> {
  const byQueue = new Map<QueueName, QueueMessage[]>();
  for (const message of messages) byQueue.set(message.queue, [...(byQueue.get(message.queue) ?? []), message]);
  await Promise.all(
    [...byQueue].map(async ([queue, queued]) => {
      const QueueUrl = await queueUrl(queue, abortSignal);
      for (let i = 0; i < queued.length; i += 10) {
        const batch = queued.slice(i, i + 10);
        const result = await sqs().send(
          new SendMessageBatchCommand({
            QueueUrl,
            Entries: batch.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
              ...(message.correlationId && { MessageAttributes: { [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: message.correlationId } } }),
            })),
          }),
          { abortSignal },
        );
        if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} message(s) for ${queue}: ${result.Failed[0]?.Message}`);
        const sentByType = new Map<string, number>();
        for (const message of batch) sentByType.set(message.event.type, (sentByType.get(message.event.type) ?? 0) + 1);
        for (const [type, sent] of sentByType) {
          metrics.addMetric('EventsPublished', MetricUnit.Count, sent);
          publishMetrics({ queue, type });
        }
      }
    }),
  );
}

/**
 * Sends messages whose outbox items are committed. A failure is logged, not thrown: the change is
 * already accepted and the outbox sweeper will deliver it.
 */
export async function sendCommitted(outgoing: { messages: QueueMessage[] }): Promise<void> {
  if (outgoing.messages.length === 0) return;
  try {
    // One deadline for the whole send (queue URL, every batch, every retry), so the answer to a change that
    // is already committed never waits on a queue that accepts connections but does not answer.
    await sendMessages(outgoing.messages, AbortSignal.timeout(config().sendDeadlineMs));
  } catch (error) {
    logger.warn('queue unavailable; the outbox sweeper will deliver', {
      eventIds: [...new Set(outgoing.messages.map((message) => message.eventId))],
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
