import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
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

/**
 * A queue's URL from the configured base and its name, with no call to SQS (a cold start's first send goes at
 * once); without a base, resolved by name once per container.
 */
function queueUrl(queue: QueueName, abortSignal?: AbortSignal): Promise<string> {
  const name = `${config().queueNamePrefix}-${queue}`;
  const base = config().queueUrlBase;
  if (base) return Promise.resolve(`${base}/${name}`);
  let url = urls.get(queue);
  if (!url) {
    url = sqs()
      .send(new GetQueueUrlCommand({ QueueName: name }), { abortSignal })
      .then((result) => result.QueueUrl ?? Promise.reject(new Error(`no URL for queue ${queue}`)));
    url.catch(() => urls.delete(queue));
    urls.set(queue, url);
  }
  return url;
}

/** One message body, and the correlation id it carries on (repeated as a message attribute). */
export interface OutgoingBody {
  body: string;
  correlationId?: string;
}

/** Sends message bodies to one queue, 10 per request (SQS's batch limit). Throws if any was refused, or when `abortSignal` fires first. */
export async function sendToQueue(queue: QueueName, entries: OutgoingBody[], abortSignal?: AbortSignal): Promise<void> {
  const QueueUrl = await queueUrl(queue, abortSignal);
  for (let i = 0; i < entries.length; i += 10) {
    const batch = entries.slice(i, i + 10);
    const result = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: batch.map(({ body, correlationId }, index) => ({
          Id: String(index),
          MessageBody: body,
          ...(correlationId && { MessageAttributes: { [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: correlationId } } }),
        })),
      }),
      { abortSignal },
    );
    if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} message(s) for ${queue}: ${result.Failed[0]?.Message}`);
  }
}

/** Sends messages to their queues. Throws if any message was refused, or when `abortSignal` fires first. */
export async function sendMessages(messages: QueueMessage[], abortSignal?: AbortSignal): Promise<void> {
  const byQueue = new Map<QueueName, QueueMessage[]>();
  for (const message of messages) byQueue.set(message.queue, [...(byQueue.get(message.queue) ?? []), message]);
  await Promise.all(
    [...byQueue].map(async ([queue, queued]) => {
      await sendToQueue(
        queue,
        queued.map((message) => ({ body: JSON.stringify(message), correlationId: message.correlationId })),
        abortSignal,
      );
      const sentByType = new Map<string, number>();
      for (const message of queued) sentByType.set(message.event.type, (sentByType.get(message.event.type) ?? 0) + 1);
      for (const [type, sent] of sentByType) {
        metrics.addMetric('EventsPublished', MetricUnit.Count, sent);
        publishMetrics({ queue, type });
      }
    }),
  );
}

/** SQS's longest visibility timeout: 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** Keeps a received message hidden for `seconds` more (at most 12 hours), after which it is received again. */
export async function hideMessage(queue: QueueName, receiptHandle: string, seconds: number): Promise<void> {
  await sqs().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: await queueUrl(queue),
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(seconds))),
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
