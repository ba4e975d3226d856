import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { RESULT, resultOf } from './cold-start.ts';

/**
 * Warm latency, in one process: the handler serves one event to warm up, one whose DynamoDB calls the recorder
 * keeps (between two posts to its `/__mark`), then `events.length - 2` timed ones.
 */
const RUNNER = `
  const RESULT = ${JSON.stringify(RESULT)};
  const [bundle, eventsFile, recorder] = process.argv.slice(1);
  const events = JSON.parse(require('fs').readFileSync(eventsFile, 'utf8'));
  const { handler } = require(bundle);
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
  const mark = () => fetch(recorder + '/__mark', { method: 'POST' }).then((answer) => answer.arrayBuffer());
  (async () => {
    const statuses = [];
    const serve = async (event) => statuses.push((await handler(event, context)).statusCode);
    await serve(events[0]);
    await mark();
    await serve(events[1]);
    await mark();
    const latenciesMs = [];
    for (const event of events.slice(2)) {
      const startedAt = performance.now();
      await serve(event);
      latenciesMs.push(performance.now() - startedAt);
    }
    process.stdout.write('\\n' + RESULT + JSON.stringify({ latenciesMs, statuses }) + '\\n');
  })().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

export async function warmRuns(bundle: string, events: unknown[], recorderEndpoint: string, env: NodeJS.ProcessEnv, eventsFile: string) {
  writeFileSync(eventsFile, JSON.stringify(events));
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUNNER, bundle, eventsFile, recorderEndpoint], {
    env: { ...env, DYNAMODB_ENDPOINT: recorderEndpoint },
    timeout: 120_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return resultOf<{ latenciesMs: number[]; statuses: number[] }>(stdout);
}
