import { startDynamoDbLocal } from './dynamodb.ts';
import { startGateway } from './gateway.ts';
import { declaredFunctions, HandlersBroken, loadEveryBundle, probeEveryConsumer, probeEveryRoute } from './handler-check.ts';
import { invokeThroughOffline } from './lambda-invoke.ts';
import { offlineEnv, startServerlessOffline } from './offline.ts';
import { assertPortFree, freePort } from './ports.ts';
import { readServerlessYml } from './serverless-yml.ts';
import { apiUrl, dynamodbEndpoint, STAGE, type StackSettings, sqsEndpoint } from './settings.ts';
import { queueTopology, startQueuePoller, startSqsEmulator } from './sqs.ts';
import { consoleOutput, type OutputSink, Supervisor } from './supervisor.ts';
import { ensureTable } from './table.ts';

export interface StackContext {
  settings: StackSettings;
  supervisor: Supervisor;
  /** Every service's handler variables, known before anything starts (endpoints follow from the ports). */
  handlerEnv: Record<string, string>;
  /** serverless offline's HTTP port behind the gateway. */
  offlinePort: number;
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
    start: ({ settings, handlerEnv, offlinePort, supervisor }) => startServerlessOffline(settings, handlerEnv, offlinePort, supervisor),
  },
  {
    // The port clients use. Relays to serverless offline, turning a handler's crash into a 502 (gateway.ts).
    name: 'API gateway',
    start: async ({ settings, offlinePort, supervisor, log }) => {
      await assertPortFree(settings.apiPort, 'PORT');
      const gateway = await startGateway({
        port: settings.apiPort,
        upstreamPort: offlinePort,
        onHandlerError: (route, error) => log(`[gateway] 502 for ${route}: the handler failed: ${error.errorType}: ${error.errorMessage}`),
      });
      supervisor.manage('API gateway', gateway.stop);
    },
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
    // Nothing is "ready" until every function loads from its bundle and every route and consumer answers.
    name: 'handler check',
    after: ['serverless offline', 'API gateway', 'SQS emulator'],
    start: async ({ settings, handlerEnv, offlinePort, log }) => {
      const functions = declaredFunctions(readServerlessYml());
      const loadFailures = await loadEveryBundle(functions, settings.esbuildWorkFolder, offlineEnv(settings, handlerEnv, offlinePort));
      const loaded = functions.filter((fn) => !loadFailures.some((failure) => failure.functionKey === fn.key));
      const probeFailures = await Promise.all([
        probeEveryRoute(loaded, `http://127.0.0.1:${settings.apiPort}`),
        probeEveryConsumer(loaded, invokeThroughOffline(settings.lambdaPort)),
      ]);
      const failures = [...loadFailures, ...probeFailures.flat()];
      if (failures.length > 0) throw new HandlersBroken(failures);
      log(`all ${functions.length} functions load; every route and consumer answers`);
    },
  },
  {
    // Plays Lambda's event source mapping: delivers queue messages to the consumers through serverless offline.
    name: 'queue poller',
    after: ['handler check'],
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

/** Every service's endpoints for the handlers: they follow from the ports, so they are known before anything starts. */
export const handlerEnvOf = (settings: StackSettings): Record<string, string> =>
  Object.assign({}, ...services.map((service) => service.handlerEnv?.(settings) ?? {}));

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
  const handlerEnv = handlerEnvOf(settings);
  const offlinePort = settings.offlinePort ?? (await freePort());
  const context: StackContext = { settings, supervisor, handlerEnv, offlinePort, log: options.log ?? ((message) => console.log(message)) };
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
