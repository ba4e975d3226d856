import { startDynamoDbLocal } from './dynamodb.ts';
import { invokeThroughOffline } from './lambda-invoke.ts';
import { startServerlessOffline } from './offline.ts';
import { assertPortFree } from './ports.ts';
import { readServerlessYml } from './serverless-yml.ts';
import { queueTopology, startQueuePoller, startSqsEmulator } from './sqs.ts';
import { apiUrl, dynamodbEndpoint, sqsEndpoint, STAGE, type StackSettings } from './settings.ts';
import { consoleOutput, Supervisor, type OutputSink } from './supervisor.ts';
import { ensureTable } from './table.ts';

export interface StackContext {
  settings: StackSettings;
  supervisor: Supervisor;
  /** Every service's handler variables, known before anything starts (endpoints follow from the ports). */
  handlerEnv: Record<string, string>;
  log: (message: string) => void;
}

/** One part of the local stack. */
export interface StackService {
  name: string;
  /** Services that must answer before this one starts. Everything else starts at once, in parallel. */
  after?: string[];
  /**
   * What the handlers need to reach this service. serverless offline hands a variable on to the handlers only
   * when serverless.yml's provider.environment reads it (`${env:NAME, ''}`) or its name starts with AWS_.
   */
  handlerEnv?: (settings: StackSettings) => Record<string, string>;
  /** Spawns through context.supervisor (or sets something up) and resolves once the service answers. */
  start(context: StackContext): Promise<void>;
}

/**
 * The local stack. A new managed service (the SQS emulator, its queue poller) is one more entry: its
 * handlerEnv names its endpoint, its start() spawns it through the supervisor (or starts it in this process
 * and hands its stop function to supervisor.manage) and waits until it answers.
 */
export const services: StackService[] = [
  {
    name: 'DynamoDB Local',
    handlerEnv: (settings) => ({ DYNAMODB_ENDPOINT: dynamodbEndpoint(settings) }),
    start: async ({ settings, supervisor }) => {
      await startDynamoDbLocal({ port: settings.dynamodbPort, dataDir: settings.dynamodbDataDir }, supervisor);
    },
  },
  {
    name: 'table',
    after: ['DynamoDB Local'],
    start: async ({ settings, log }) => {
      const outcome = await ensureTable(dynamodbEndpoint(settings), settings.tableName);
      log(`table ${settings.tableName} ${outcome}`);
    },
  },
  {
    // Only once the table exists: a request that reached a handler earlier would be a 500.
    name: 'serverless offline',
    after: ['table'],
    start: ({ settings, handlerEnv, supervisor }) => startServerlessOffline(settings, handlerEnv, supervisor),
  },
  {
    name: 'SQS emulator',
    handlerEnv: (settings) => ({ SQS_ENDPOINT: sqsEndpoint(settings) }),
    start: async ({ settings, supervisor, log }) => {
      await assertPortFree(settings.sqsPort, 'SQS_PORT');
      const { queues } = queueTopology(readServerlessYml(), STAGE);
      const emulator = await startSqsEmulator(settings.sqsPort, queues);
      supervisor.manage('SQS emulator', emulator.stop);
      log(`queues on ${emulator.endpoint}: ${queues.map((queue) => queue.name).join(', ')}`);
    },
  },
  {
    // Plays Lambda's event source mapping: delivers queue messages to the consumers through serverless offline.
    name: 'queue poller',
    after: ['SQS emulator', 'serverless offline'],
    start: async ({ settings, supervisor, log }) => {
      const { consumers } = queueTopology(readServerlessYml(), STAGE);
      const poller = startQueuePoller({
        endpoint: sqsEndpoint(settings),
        consumers,
        invoke: invokeThroughOffline(settings.lambdaPort),
        log: (message) => log(`[queue poller] ${message}`),
        onError: (error) => log(`[queue poller] ${error instanceof Error ? error.message : String(error)}`),
      });
      supervisor.manage('queue poller', poller.stop);
      log(`queue consumers: ${consumers.map((consumer) => `${consumer.functionKey} <- ${consumer.queueName}`).join(', ')}`);
    },
  },
];

export interface RunningStack {
  apiUrl: string;
  supervisor: Supervisor;
  handlerEnv: Record<string, string>;
  /** When each service answered, in ms since the stack started. */
  readyAtMs: { name: string; ms: number }[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The caller's, when it must be able to stop the stack while it is still starting; else a new one. */
  supervisor?: Supervisor;
  /** Where a new supervisor sends the children's output. */
  output?: OutputSink;
  log?: (message: string) => void;
}

/** Starts every service, each as soon as what it comes after is ready; on any failure stops all and rethrows. */
export async function startStack(settings: StackSettings, options: StartOptions = {}): Promise<RunningStack> {
  const supervisor = options.supervisor ?? new Supervisor(options.output ?? consoleOutput);
  const handlerEnv = Object.assign({}, ...services.map((service) => service.handlerEnv?.(settings) ?? {})) as Record<string, string>;
  const context: StackContext = { settings, supervisor, handlerEnv, log: options.log ?? ((message) => console.log(message)) };
  const startedAt = performance.now();
  const readyAtMs: RunningStack['readyAtMs'] = [];

  const ready = new Map<string, Promise<void>>();
  for (const service of services) {
    const prerequisites = (service.after ?? []).map((name) => {
      const prerequisite = ready.get(name);
      if (!prerequisite) throw new Error(`stack service ${service.name} comes after ${name}, which is not listed before it`);
      return prerequisite;
    });
    ready.set(
      service.name,
      Promise.all(prerequisites).then(async () => {
        await service.start(context);
        readyAtMs.push({ name: service.name, ms: performance.now() - startedAt });
      }),
    );
  }
  try {
    await Promise.all(ready.values());
  } catch (error) {
    await supervisor.stop();
    throw supervisor.signal.aborted ? supervisor.signal.reason : error;
  }
  return { apiUrl: apiUrl(settings), supervisor, handlerEnv, readyAtMs, stop: () => supervisor.stop() };
}
