import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from './ports.ts';
import { repoRoot } from './repo.ts';
import { type StackSettings, settingsFromEnv } from './settings.ts';
import { handlerEnvOf } from './stack.ts';
import { type OutputSink, Supervisor } from './supervisor.ts';

/** The line `npm start` prints once every function loads and every route answers (scripts/start.ts). */
export const READY_LINE = 'Conduit API ready at ';

export interface NpmStartStack {
  apiUrl: string;
  settings: StackSettings;
  /** The endpoints the handlers were given, for tests that run handlers against the same table and queues. */
  handlerEnv: Record<string, string>;
  supervisor: Supervisor;
  /** Stops npm start and removes its bundle folder. */
  stop(): Promise<void>;
}

/** npm's own CLI when this runs under npm, so the same npm runs `npm start`; else the one on PATH. */
const npmCommand = (): [string, string[]] => (process.env.npm_execpath?.endsWith('.js') ? [process.execPath, [process.env.npm_execpath]] : ['npm', []]);

/**
 * Runs `npm start` itself, as a user would, with its defaults but for free ports and a bundle folder of its
 * own (so it never collides with a developer's `npm start` in the same checkout), and resolves once it
 * prints that it is ready. If it exits first, the error carries its last lines: which handler failed and why.
 */
export async function startNpmStart(output: OutputSink): Promise<NpmStartStack> {
  const [apiPort, lambdaPort, dynamodbPort, sqsPort, offlinePort] = await freePorts(5);
  const ports = { PORT: apiPort, LAMBDA_PORT: lambdaPort, DYNAMODB_PORT: dynamodbPort, SQS_PORT: sqsPort, OFFLINE_PORT: offlinePort };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    ESBUILD_WORK_FOLDER: `.esbuild-test-${apiPort}`,
    DYNAMODB_PERSIST: '',
  };
  const settings = settingsFromEnv({}, env);

  const recentLines: string[] = [];
  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announceReady = resolve));
  const supervisor = new Supervisor((source, line) => {
    output(source, line);
    recentLines.push(line);
    if (recentLines.length > 40) recentLines.shift();
    if (line.includes(READY_LINE)) announceReady();
  });
  const [command, prefix] = npmCommand();
  supervisor.spawn('npm start', command, [...prefix, 'start'], { cwd: repoRoot, env, stopGraceMs: 30_000 });
  // The bundles are this run's alone: stopping removes them, or every run would leave a folder in the checkout.
  const stop = async () => {
    await supervisor.stop();
    rmSync(join(repoRoot, settings.esbuildWorkFolder), { recursive: true, force: true });
  };

  const exited = new Promise<never>((_, reject) =>
    supervisor.signal.addEventListener('abort', () => reject(new Error(`npm start did not get ready:\n${recentLines.join('\n')}`)), { once: true }),
  );
  const startUpLimitMs = 10 * 60_000;
  const tooSlow = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`npm start was not ready after ${startUpLimitMs / 60_000} minutes:\n${recentLines.join('\n')}`)), startUpLimitMs).unref(),
  );
  try {
    await Promise.race([ready, exited, tooSlow]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl: `http://localhost:${apiPort}/api`, settings, handlerEnv: handlerEnvOf(settings), supervisor, stop };
}
