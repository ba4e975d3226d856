import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { RESULT, resultOf } from './cold-start.ts';

/**
 * Warm latency, in one process: the handler serves one event to warm up, one whose DynamoDB calls the recorder
 * keeps (between two posts to its `/__mark`), then `events.length - 2` timed ones, each with the CPU time it used
 * (the handler's own work: DynamoDB Local runs in another process) and the process's peak resident memory.
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
    const cpuMs = [];
    for (const event of events.slice(2)) {
      const startedAt = performance.now();
      const cpuBefore = process.cpuUsage();
      await serve(event);
      const cpu = process.cpuUsage(cpuBefore);
      latenciesMs.push(performance.now() - startedAt);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    // maxRSS (KiB) is the true peak: memory a request freed again (scrypt's) still counts.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write('\\n' + RESULT + JSON.stringify({ latenciesMs, cpuMs, peakRssMiB, statuses }) + '\\n');
  })().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

export async function warmRuns(bundle: string, events: unknown[], recorderEndpoint: string, env: NodeJS.ProcessEnv, eventsFile: string) {
  writeFileSync(eventsFile, JSON.stringify(events));
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUNNER, bundle, eventsFile, recorderEndpoint], {
    env: { ...env, DYNAMODB_ENDPOINT: recorderEndpoint },
    timeout: 120_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return resultOf<{ latenciesMs: number[]; cpuMs: number[]; peakRssMiB: number; statuses: number[] }>(stdout);
}
