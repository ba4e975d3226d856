// npm start [-- --persist]: DynamoDB Local, the table from serverless.yml and serverless offline, until Ctrl-C.
import './local/quiet-sdk.ts';
import { seconds } from './local/duration.ts';
import { READY_LINE } from './local/npm-start.ts';
import { watchForOrphaning } from './local/orphan-watch.ts';
import { settingsFromEnv } from './local/settings.ts';
import { startStack } from './local/stack.ts';
import { Supervisor } from './local/supervisor.ts';

async function main() {
  const settings = settingsFromEnv({ persist: process.argv.includes('--persist') || undefined });
  console.log(
    `DynamoDB Local on port ${settings.dynamodbPort}, ${settings.dynamodbDataDir ? `data in ${settings.dynamodbDataDir}` : 'in memory (npm start -- --persist keeps data)'}`,
  );

  // Created here, not by startStack, so a Ctrl-C while services are still starting stops them too.
  const supervisor = new Supervisor();
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the local stack...');
    await supervisor.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  process.on('SIGHUP', () => void stop(129));
  watchForOrphaning(() => void stop(143));

  const stack = await startStack(settings, { supervisor });
  // performance.now() counts from this process's start, so this is what a developer waits after `npm start`.
  const firstResponseMs = performance.now();
  const steps = stack.readyAtMs.map(({ name, ms }) => `${name} ${seconds(ms)}`).join(', ');
  console.log(`\n${READY_LINE}${stack.apiUrl}  (first response ${seconds(firstResponseMs)} after start; ready: ${steps})`);
  console.log('Webhooks: `npm run webhook-receiver -- --token <jwt>` registers a receiver on http://127.0.0.1:4000/ and prints each signed delivery.');
  console.log('Ctrl-C stops everything.\n');

  supervisor.signal.addEventListener('abort', () => {
    console.error(`\n${(supervisor.signal.reason as Error).message}: stopping the rest`);
    void stop(1);
  });
}

main().catch(async (error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
