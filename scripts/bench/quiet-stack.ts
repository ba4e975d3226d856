import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Waits until the stack's consumers have nothing left to do: every queue (dead-letter queues aside, which nothing
 * consumes) empty, nothing in flight or delayed. A write route's runs send messages whose consumers (the feed
 * fan-out, a follow's back-fill, webhook deliveries) then share the machine's cores with the next measurement;
 * on Lambda a cold start has its own. Measured runs start on a quiet stack, the route's and its floor's alike.
 */
export function quietStack(sqsEndpoint: string, queueNamePrefix: string) {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: sqsEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let queueUrls: Promise<string[]> | undefined;
  const consumed = () =>
    (queueUrls ??= sqs
      .send(new ListQueuesCommand({ QueueNamePrefix: queueNamePrefix }))
      .then(({ QueueUrls = [] }) => QueueUrls.filter((url) => !url.endsWith('-dlq'))));
  const pending = async () => {
    const depths = await Promise.all(
      (await consumed()).map(async (QueueUrl) => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        );
        return (
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
        );
      }),
    );
    return depths.reduce((sum, depth) => sum + depth, 0);
  };
  /** Resolves how long it waited; after `limitMs`, the messages still pending (a consumer retrying a failure). */
  return async function waitForQuiet(limitMs = 60_000): Promise<{ waitedMs: number; stillPending: number }> {
    const startedAt = performance.now();
    for (;;) {
      const stillPending = await pending();
      const waitedMs = performance.now() - startedAt;
      if (stillPending === 0 || waitedMs > limitMs) return { waitedMs, stillPending };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
}
