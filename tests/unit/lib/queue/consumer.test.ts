import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { config } from '#lib/config';
import type { QueueMessage } from '#lib/events/domain-events';
import { queueConsumer } from '#lib/queue/consumer';
import { captureOutput } from '../../../support/output.ts';

const message = (): QueueMessage => ({
  eventId: randomUUID(),
  queue: 'feed',
  event: { type: 'ArticlePublished', articleId: randomUUID(), authorId: randomUUID() },
});

const sqsEvent = (messages: QueueMessage[]): SQSEvent => ({
  Records: messages.map((body) => ({
    messageId: body.eventId,
    receiptHandle: randomUUID(),
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'unit', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:conduit-unit-feed',
    awsRegion: 'us-east-1',
  })),
});

describe('a queue consumer near the end of its invocation', () => {
  it('stops taking records when its remaining time runs short and reports the rest as batch item failures', async () => {
    const messages = [message(), message(), message(), message()];
    const processed: string[] = [];
    // Each record uses up 20 s of a 60 s invocation: after the third, less than the reserve is left.
    let remaining = 60_000;
    const consumer = queueConsumer('unit', async (received) => {
      processed.push(received.eventId);
      remaining -= 20_000;
    });
    const output = captureOutput();
    const { batchItemFailures } = await consumer(sqsEvent(messages), { getRemainingTimeInMillis: () => remaining }).finally(output.restore);

    expect(remaining).toBeLessThan(config().consumerReserveMs);
    expect(processed).toEqual(messages.slice(0, 3).map((sent) => sent.eventId));
    expect(batchItemFailures).toEqual([{ itemIdentifier: messages[3]!.eventId }]);
  });

  it('takes every record while time is plentiful', async () => {
    const messages = [message(), message()];
    const processed: string[] = [];
    const consumer = queueConsumer('unit', async (received) => void processed.push(received.eventId));

    const { batchItemFailures } = await consumer(sqsEvent(messages), { getRemainingTimeInMillis: () => 60_000 });

    expect(processed).toHaveLength(2);
    expect(batchItemFailures).toEqual([]);
  });
});
