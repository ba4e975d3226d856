import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { resolveFixedValue } from './serverless-yml.ts';

/**
 * Local SQS: the fauxqs emulator (current SQS JSON protocol, redrive to dead-letter queues) with the
 * queues serverless.yml declares, and a poller that plays the part of Lambda's event source mapping.
 * Why not serverless-offline-sqs: it is built on the end-of-life AWS SDK v2 and ElasticMQ (Java);
 * fauxqs speaks the protocol our SDK v3 code uses and runs in-process from npm.
 */

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

export interface QueueDefinition {
  logicalId: string;
  name: string;
  visibilityTimeout?: number;
  deadLetter?: { logicalId: string; maxReceiveCount: number };
}

export interface QueueConsumer {
  functionKey: string;
  queueName: string;
  batchSize: number;
  batchingWindowSeconds: number;
  reportsBatchItemFailures: boolean;
  /** The queue's visibility timeout: what a receive hides a message for, unless the function changes it. */
  visibilityTimeoutSeconds?: number;
}

type Yml = Record<string, unknown>;
type Resource = { Type?: string; Properties?: Record<string, unknown> };

const getAttTarget = (value: unknown): string | undefined => {
  const att = (value as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] as string;
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
};

/** The queues and their consumers, read from serverless.yml for `stage`: the file is the one source of truth. */
export function queueTopology(yml: Yml, stage: string): { queues: QueueDefinition[]; consumers: QueueConsumer[] } {
  const resources = ((yml.resources as Yml | undefined)?.Resources ?? {}) as Record<string, Resource>;
  const queues: QueueDefinition[] = Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const name = resolveFixedValue(yml, properties.QueueName, stage);
      if (!name) throw new Error(`serverless.yml: queue ${logicalId} needs a QueueName fixed by the file`);
      const redrive = properties.RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } | undefined;
      const deadLetterId = getAttTarget(redrive?.deadLetterTargetArn);
      return {
        logicalId,
        name,
        visibilityTimeout: properties.VisibilityTimeout as number | undefined,
        ...(deadLetterId && { deadLetter: { logicalId: deadLetterId, maxReceiveCount: Number(redrive?.maxReceiveCount ?? 3) } }),
      };
    });
  const byLogicalId = new Map(queues.map((queue) => [queue.logicalId, queue]));
  const functions = (yml.functions ?? {}) as Record<string, { events?: Array<{ sqs?: Record<string, unknown> }> }>;
  const consumers = Object.entries(functions).flatMap(([functionKey, fn]) =>
    (fn.events ?? []).flatMap((event) => {
      if (!event.sqs) return [];
      const queue = byLogicalId.get(getAttTarget(event.sqs.arn) ?? '');
      if (!queue) throw new Error(`serverless.yml: ${functionKey}'s sqs event names no queue declared in resources`);
      return [
        {
          functionKey,
          queueName: queue.name,
          batchSize: Number(event.sqs.batchSize ?? 10),
          batchingWindowSeconds: Number(event.sqs.maximumBatchingWindow ?? 0),
          reportsBatchItemFailures: event.sqs.functionResponseType === 'ReportBatchItemFailures',
          visibilityTimeoutSeconds: queue.visibilityTimeout,
        },
      ];
    }),
  );
  return { queues, consumers };
}

export const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

export function sqsClient(endpoint: string) {
  return new SQSClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Messages on a queue: waiting, in flight (received, not yet deleted) or delayed. */
export async function messagesOnQueue(sqs: SQSClient, QueueUrl: string): Promise<number> {
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
}

export interface RunningSqs {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts fauxqs on 127.0.0.1 and creates the queues, dead-letter queues first, with their redrive policies. */
export async function startSqsEmulator(port: number, queues: QueueDefinition[]): Promise<RunningSqs> {
  const server = await startFauxqs({ port, host: '127.0.0.1', logger: false, defaultRegion: REGION });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = sqsClient(endpoint);
  const names = new Map(queues.map((queue) => [queue.logicalId, queue.name]));
  const ordered = [...queues].sort((a, b) => Number(Boolean(a.deadLetter)) - Number(Boolean(b.deadLetter)));
  for (const queue of ordered) {
    const attributes: Record<string, string> = {};
    if (queue.visibilityTimeout !== undefined) attributes.VisibilityTimeout = String(queue.visibilityTimeout);
    if (queue.deadLetter) {
      const deadLetterName = names.get(queue.deadLetter.logicalId);
      if (!deadLetterName) throw new Error(`queue ${queue.name}: dead-letter queue ${queue.deadLetter.logicalId} is not declared`);
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: queueArn(deadLetterName), maxReceiveCount: String(queue.deadLetter.maxReceiveCount) });
    }
    await client.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes }));
  }
  return {
    endpoint,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

/** Runs a consumer the way Lambda would: the function's result, or a thrown error for a failed invocation. */
export type Invoke = (functionKey: string, event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  endpoint: string;
  consumers: QueueConsumer[];
  invoke: Invoke;
  /**
   * Failed messages become visible again after this many seconds instead of the queue's visibility timeout
   * (minutes, sized for deployed Lambda timeouts), so retries and dead-lettering happen within seconds locally.
   */
  retryDelaySeconds?: number;
  onError?: (error: unknown) => void;
  log?: (message: string) => void;
}

const toRecord = (message: Message, queueName: string): SQSEvent['Records'][number] => ({
  messageId: message.MessageId ?? randomUUID(),
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? ACCOUNT,
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn(queueName),
  awsRegion: REGION,
});

/**
 * Lambda's SQS event source mapping, locally: long-polls each consumer's queue, gathers up to batchSize
 * messages within the batching window, invokes the function with an SQS event, deletes what succeeded
 * and, with ReportBatchItemFailures, leaves only the reported failures for redelivery (a thrown error
 * fails the whole batch). SQS itself counts receives and moves a message to its DLQ.
 */
export function startQueuePoller(options: PollerOptions): { stop(): Promise<void> } {
  const client = sqsClient(options.endpoint);
  const controller = new AbortController();
  const retryDelay = options.retryDelaySeconds ?? 1;

  /**
   * The failed records whose visibility the function left as the receive set it: those get the short local
   * retry delay. One the function hid itself (ChangeMessageVisibility: a webhook's backoff) keeps its time, as
   * Lambda's event source mapping would leave it. fauxqs shows each in-flight message's deadline.
   */
  const leftAsReceived = async (consumer: QueueConsumer, failed: SQSEvent['Records'], receivedAt: Map<string, number>) => {
    const visibilityMs = consumer.visibilityTimeoutSeconds === undefined ? undefined : consumer.visibilityTimeoutSeconds * 1000;
    if (visibilityMs === undefined) return failed;
    const response = await fetch(`${options.endpoint}/_fauxqs/queues/${encodeURIComponent(consumer.queueName)}`, { signal: controller.signal });
    const { messages } = (await response.json()) as { messages: { inflight: { receiptHandle: string; visibilityDeadline: number }[] } };
    const deadlines = new Map(messages.inflight.map((entry) => [entry.receiptHandle, entry.visibilityDeadline]));
    return failed.filter((record) => {
      const deadline = deadlines.get(record.receiptHandle);
      const asReceived = (receivedAt.get(record.receiptHandle) ?? 0) + visibilityMs;
      return deadline === undefined || Math.abs(deadline - asReceived) < 2_000;
    });
  };

  const pollOnce = async (consumer: QueueConsumer, queueUrl: string) => {
    const messages: Message[] = [];
    const receivedAt = new Map<string, number>();
    const windowEnds = Date.now() + consumer.batchingWindowSeconds * 1000;
    do {
      const waitSeconds = messages.length === 0 ? 1 : Math.max(0, Math.ceil((windowEnds - Date.now()) / 1000));
      const result = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, consumer.batchSize - messages.length),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
        }),
        // A long poll answers within its wait; one that does not (a connection the emulator dropped mid-poll
        // without a word) is given up, so the loop polls again instead of waiting for ever.
        { abortSignal: AbortSignal.any([controller.signal, AbortSignal.timeout((waitSeconds + 5) * 1000)]) },
      );
      messages.push(...(result.Messages ?? []));
      for (const message of result.Messages ?? []) receivedAt.set(message.ReceiptHandle ?? '', Date.now());
      if (messages.length === 0) return;
    } while (messages.length < consumer.batchSize && Date.now() < windowEnds);

    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, consumer.queueName)) };
    let failedIds: Set<string>;
    try {
      const response = await options.invoke(consumer.functionKey, event);
      failedIds = new Set(consumer.reportsBatchItemFailures ? (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier) : []);
    } catch (error) {
      options.log?.(`${consumer.functionKey} failed its batch of ${messages.length}: ${error instanceof Error ? error.message : String(error)}`);
      failedIds = new Set(event.Records.map((record) => record.messageId));
    }
    const succeeded = event.Records.filter((record) => !failedIds.has(record.messageId));
    const failed = await leftAsReceived(
      consumer,
      event.Records.filter((record) => failedIds.has(record.messageId)),
      receivedAt,
    );
    if (succeeded.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
    if (failed.length > 0) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: failed.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle, VisibilityTimeout: retryDelay })),
        }),
      );
    }
  };

  const loops = options.consumers.map(async (consumer) => {
    let queueUrl: string | undefined;
    while (!controller.signal.aborted) {
      try {
        queueUrl ??= (await client.send(new GetQueueUrlCommand({ QueueName: consumer.queueName }))).QueueUrl!;
        await pollOnce(consumer, queueUrl);
      } catch (error) {
        if (controller.signal.aborted) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  });

  return {
    stop: async () => {
      controller.abort();
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
}
