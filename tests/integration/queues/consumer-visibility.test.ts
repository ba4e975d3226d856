import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { startQueuePoller } from '../../../scripts/local/sqs.ts';
import { sendBodies, useBackend } from '../../support/queues.ts';

// The local poller shortens a failed record's wait to its retry delay (seconds, not the queue's minutes),
// but a consumer that hid a message itself (a webhook's backoff) keeps the time it chose, as on AWS.
const backend = await useBackend({ table: 'shared', queues: 'own' });
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  await backend.close();
});

describe('the local poller and a visibility the consumer set', () => {
  it('redelivers a plain failure after its retry delay, and a message the consumer hid only when it chose', async () => {
    const consumer = backend.consumers.find((candidate) => candidate.functionKey === 'webhookDelivery');
    if (!consumer) throw new Error('serverless.yml has no webhookDelivery consumer');
    const queueUrl = await backend.queueUrl('webhooks');
    const seen = new Map<string, number[]>();
    const started = Date.now();
    const poller = startQueuePoller({
      endpoint: backend.sqsEndpoint,
      consumers: [consumer],
      retryDelaySeconds: 1,
      invoke: async (_functionKey, event) => {
        for (const record of event.Records) {
          seen.set(record.body, [...(seen.get(record.body) ?? []), Date.now() - started]);
          if (record.body === 'hidden' && (seen.get('hidden')?.length ?? 0) === 1) {
            await backend.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: 5 }));
          }
        }
        const failing = event.Records.filter((record) => (seen.get(record.body)?.length ?? 0) === 1);
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    stops.push(() => poller.stop());
    await sendBodies(backend, 'webhooks', ['plain', 'hidden']);

    await expect.poll(() => seen.get('hidden')?.length ?? 0, { timeout: 15_000, interval: 100 }).toBe(2);
    const [plainFirst = 0, plainSecond = 0] = seen.get('plain') ?? [];
    const [hiddenFirst = 0, hiddenSecond = 0] = seen.get('hidden') ?? [];
    expect(plainSecond - plainFirst).toBeLessThan(3_500);
    expect(hiddenSecond - hiddenFirst).toBeGreaterThanOrEqual(4_500);
  });
});
