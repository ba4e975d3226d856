import { randomBytes } from 'node:crypto';
import { GetQueueUrlCommand, type Message, PurgeQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { config } from '#lib/config';
import { db, table } from '#lib/db/client';
import { feedCount, feedEntries, feedEntry, indexes, outboxDelivery as outboxDeliveryEntity } from '#lib/db/entities';
import { QUEUES, type QueueName } from '#lib/events/domain-events';
import { freePort } from '../../scripts/local/ports.ts';
import { fromRepo } from '../../scripts/local/repo.ts';
import { readServerlessYml, resolveFixedValue } from '../../scripts/local/serverless-yml.ts';
import { messagesOnQueue, type QueueConsumer, queueTopology, type RunningSqs, sqsClient, startQueuePoller, startSqsEmulator } from '../../scripts/local/sqs.ts';
import { ensureTable } from '../../scripts/local/table.ts';

// lib reads its configuration on first use: a test file that wants a backend of its own calls useBackend()
// at its top level, before any test runs, and imports lib normally.

/** Where one test file's lib modules send their writes and messages. */
export interface Backend {
  tableName: string;
  queueNamePrefix: string;
  sqsEndpoint: string;
  /** The consumers serverless.yml wires to these queues, for the poller. */
  consumers: QueueConsumer[];
  sqs: SQSClient;
  /** How many receives serverless.yml's redrive policy allows a queue's message before its dead-letter queue. */
  maxReceiveCount(queue: QueueName): number;
  /** A queue's URL by its short name: `feed`, `feed-dlq`. */
  queueUrl(queue: QueueName | `${QueueName}-dlq`): Promise<string>;
  /** Fails unless lib/config.ts points at this backend: something used lib before useBackend() ran. */
  assertLibUsesIt(): Promise<void>;
  /** Stops the SQS emulator, as an outage would: every request to it fails until restartQueues(). */
  stopQueues(): Promise<void>;
  /** Starts the emulator again on the same port with the same queues (empty: its messages died with it). */
  restartQueues(): Promise<void>;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** `own`: a new table in the run's DynamoDB Local, for tests that read or sweep the whole table. */
  table: 'own' | 'shared';
  /** `own`: an emulator of this file's own, for tests that stop it, poll it or read what was sent. */
  queues: 'own' | 'shared';
}

/**
 * A table and queues for one test file, named as serverless.yml names them for a stage of its own, and the
 * environment pointed at them. Call it at the test file's top level, before lib is used, and close it in
 * afterAll. The integration setup file resets the environment for the next test file; an
 * own table lives in the run's in-memory DynamoDB Local and goes with it.
 */
export async function useBackend(options: BackendOptions): Promise<Backend> {
  const dynamodbEndpoint = process.env.DYNAMODB_ENDPOINT;
  const sharedSqsEndpoint = process.env.SQS_ENDPOINT;
  if (!dynamodbEndpoint || !sharedSqsEndpoint) throw new Error('useBackend runs in the integration project, after tests/support/integration-env.ts');

  const serverlessYml = readServerlessYml();
  const stage = `q${randomBytes(4).toString('hex')}`;
  const fixed = (value: string) => resolveFixedValue(serverlessYml, value, stage)!;
  const topology = queueTopology(serverlessYml, stage);
  const ownPrefix = fixed('${self:custom.queuePrefix}');

  const tableName = options.table === 'own' ? fixed('${self:custom.tableName}') : process.env.TABLE_NAME!;
  if (options.table === 'own') await ensureTable(dynamodbEndpoint, tableName);

  let queueNamePrefix = process.env.QUEUE_NAME_PREFIX!;
  let sqsEndpoint = sharedSqsEndpoint;
  let emulator: RunningSqs | undefined;
  let port: number | undefined;
  if (options.queues === 'own') {
    port = await freePort();
    emulator = await startSqsEmulator(port, topology.queues);
    sqsEndpoint = emulator.endpoint;
    queueNamePrefix = ownPrefix;
  }

  process.env.TABLE_NAME = tableName;
  process.env.SQS_ENDPOINT = sqsEndpoint;
  process.env.QUEUE_NAME_PREFIX = queueNamePrefix;

  const sqs = sqsClient(sqsEndpoint);
  const urls = new Map<string, string>();
  const ownOnly = (what: string) => {
    if (!port) throw new Error(`${what} needs useBackend({ queues: 'own' })`);
    return port;
  };
  return {
    tableName,
    queueNamePrefix,
    sqsEndpoint,
    consumers: topology.consumers.map((consumer) => ({ ...consumer, queueName: consumer.queueName.replace(ownPrefix, queueNamePrefix) })),
    sqs,
    maxReceiveCount: (queue) => {
      const definition = topology.queues.find((candidate) => candidate.name === `${ownPrefix}-${queue}`);
      if (!definition?.deadLetter) throw new Error(`serverless.yml gives the ${queue} queue no redrive policy`);
      return definition.deadLetter.maxReceiveCount;
    },
    queueUrl: async (queue) => {
      const name = `${queueNamePrefix}-${queue}`;
      let url = urls.get(name);
      if (!url) {
        url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
        urls.set(name, url);
      }
      return url;
    },
    assertLibUsesIt: async () => {
      const { tableName: seenTable, sqsEndpoint: seenEndpoint, queueNamePrefix: seenPrefix } = config();
      const seen = { tableName: seenTable, sqsEndpoint: seenEndpoint, queueNamePrefix: seenPrefix };
      const wanted = { tableName, sqsEndpoint, queueNamePrefix };
      if (JSON.stringify(seen) !== JSON.stringify(wanted)) {
        throw new Error(`lib/config.ts was loaded before useBackend() set the environment: ${JSON.stringify(seen)}, not ${JSON.stringify(wanted)}`);
      }
    },
    stopQueues: async () => {
      ownOnly('stopQueues');
      await emulator?.stop();
      emulator = undefined;
    },
    restartQueues: async () => {
      emulator = await startSqsEmulator(ownOnly('restartQueues'), topology.queues);
    },
    close: async () => {
      sqs.destroy();
      await emulator?.stop();
    },
  };
}

/** One invocation of a consumer by the poller: what it was given and which records it reported failed. */
export interface Invocation {
  functionKey: string;
  records: { messageId: string; body: string; receiveCount: number }[];
  failed: string[];
}

export interface RunningPoller {
  /** Every invocation so far, in order. */
  invocations: Invocation[];
  /** The last error the poller met talking to the queues (an emulator that is down). */
  lastError(): unknown;
  stop(): Promise<void>;
}

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The consumer a function key names, loaded from the file serverless.yml's `handler` points at. */
async function consumerHandler(functionKey: string): Promise<Consumer> {
  const functions = readServerlessYml().functions as Record<string, { handler: string }>;
  const handler = functions[functionKey]?.handler;
  if (!handler) throw new Error(`serverless.yml declares no function ${functionKey}`);
  const exportName = handler.slice(handler.lastIndexOf('.') + 1);
  const module = (await import(/* @vite-ignore */ fromRepo(`${handler.slice(0, handler.lastIndexOf('.'))}.ts`))) as Record<string, Consumer>;
  return module[exportName]!;
}

/**
 * The poller from scripts/local/sqs.ts (Lambda's event source mapping, locally) over the backend's queues,
 * invoking the consumers in this process, and recording each invocation.
 */
export async function startInProcessPoller(backend: Backend, options: { functionKeys?: string[]; retryDelaySeconds?: number } = {}): Promise<RunningPoller> {
  const consumers = backend.consumers.filter((consumer) => !options.functionKeys || options.functionKeys.includes(consumer.functionKey));
  const handlers = new Map(await Promise.all(consumers.map(async (consumer) => [consumer.functionKey, await consumerHandler(consumer.functionKey)] as const)));
  const invocations: Invocation[] = [];
  let lastError: unknown;
  const poller = startQueuePoller({
    endpoint: backend.sqsEndpoint,
    consumers,
    retryDelaySeconds: options.retryDelaySeconds,
    onError: (error) => {
      lastError = error;
    },
    invoke: async (functionKey, event) => {
      const response = await handlers.get(functionKey)!(event);
      invocations.push({
        functionKey,
        records: event.Records.map((record) => ({
          messageId: record.messageId,
          body: record.body,
          receiveCount: Number(record.attributes.ApproximateReceiveCount),
        })),
        failed: response.batchItemFailures.map((failure) => failure.itemIdentifier),
      });
      return response;
    },
  });
  return { invocations, lastError: () => lastError, stop: () => poller.stop() };
}

/** Sends raw bodies to a queue in one batch, so a poller receives them together. */
export async function sendBodies(backend: Backend, queue: QueueName, bodies: string[]): Promise<void> {
  const result = await backend.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: await backend.queueUrl(queue),
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );
  if (result.Failed?.length) throw new Error(`the emulator refused ${result.Failed.length} message(s)`);
}

/** Receives (and so hides) every message now visible on a queue. */
export async function receiveAll(backend: Backend, queue: QueueName | `${QueueName}-dlq`): Promise<Message[]> {
  const QueueUrl = await backend.queueUrl(queue);
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await backend.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}

/** Drops every message on a queue. */
export async function purgeQueue(backend: Backend, queue: QueueName | `${QueueName}-dlq`): Promise<void> {
  await backend.sqs.send(new PurgeQueueCommand({ QueueUrl: await backend.queueUrl(queue) }));
}

/** Messages on a queue, visible or in flight. */
export async function queueDepth(backend: Backend, queue: QueueName | `${QueueName}-dlq`): Promise<number> {
  return messagesOnQueue(backend.sqs, await backend.queueUrl(queue));
}

/** A reader's feed as stored: the entries the consumers wrote (article ids, sorted) and the feed count. */
export async function storedFeed(readerId: string): Promise<{ articleIds: string[]; count: number | undefined }> {
  const [entries, count] = await Promise.all([
    db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': feedEntries.partition(readerId), ':prefix': feedEntries.prefix },
        ConsistentRead: true,
      }),
    ),
    db().send(new GetCommand({ TableName: table(), Key: feedCount.key(readerId), ConsistentRead: true })),
  ]);
  return {
    articleIds: (entries.Items ?? []).map((item) => feedEntry.decode(item).articleId).sort(),
    count: z.number().optional().parse(count.Item?.feedCount),
  };
}

/** An outbox delivery's stored item, or undefined once its consumer has settled it. */
export async function outboxDelivery(eventId: string, queue: QueueName): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: table(), Key: outboxDeliveryEntity.key(eventId, queue), ConsistentRead: true }));
  return Item;
}

/** Deletes every outbox delivery of the table, found through the index's table keys, so a test that sweeps starts from an empty outbox. */
export async function clearOutbox(): Promise<void> {
  for (const queue of QUEUES) {
    for (const list of [indexes.pendingDeliveries, indexes.parkedDeliveries]) {
      const { Items = [] } = await db().send(
        new QueryCommand({
          TableName: table(),
          IndexName: list.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': list.pk },
          ExpressionAttributeValues: { ':pk': list.value(queue) },
        }),
      );
      await Promise.all(Items.map((item) => db().send(new DeleteCommand({ TableName: table(), Key: { PK: item.PK, SK: item.SK } }))));
    }
  }
}
