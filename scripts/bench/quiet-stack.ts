import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { readServerlessYml } from '../local/serverless-yml.ts';
import { STAGE } from '../local/settings.ts';
import { messagesOnQueue, queueTopology, sqsClient } from '../local/sqs.ts';

/**
 * Waits until the stack's consumers have nothing left to do: every queue a function consumes (serverless.yml)
 * empty, nothing in flight or delayed. A write route's runs send messages whose consumers (the feed fan-out, a
 * follow's back-fill, webhook deliveries) then share the machine's cores with the next measurement; on Lambda a
 * cold start has its own. Measured runs start on a quiet stack, the route's and its floor's alike.
 */
export function quietStack(sqsEndpoint: string) {
  const sqs = sqsClient(sqsEndpoint);
  const consumed = [...new Set(queueTopology(readServerlessYml(), STAGE).consumers.map((consumer) => consumer.queueName))];
  let queueUrls: Promise<string[]> | undefined;
  const pending = async () => {
    queueUrls ??= Promise.all(consumed.map(async (QueueName) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!));
    const depths = await Promise.all((await queueUrls).map((url) => messagesOnQueue(sqs, url)));
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
