import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { RESULT, resultOf } from './cold-start.ts';

/**
 * A warm process: the handler serves one event to warm up, then `events.length - 1` timed ones, each between two
 * posts to the recorder's `/__mark` (so the recorder knows which calls each request made), each with the CPU time
 * it used (the handler's own work: DynamoDB Local runs in another process); and the process's peak resident memory.
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
    const latenciesMs = [];
    const cpuMs = [];
    for (const event of events.slice(1)) {
      await mark();
      const startedAt = performance.now();
      const cpuBefore = process.cpuUsage();
      await serve(event);
      const cpu = process.cpuUsage(cpuBefore);
      latenciesMs.push(performance.now() - startedAt);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    await mark();
    // maxRSS (KiB) is the true peak: memory a request freed again (scrypt's) still counts.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write('\\n' + RESULT + JSON.stringify({ latenciesMs, cpuMs, peakRssMiB, statuses }) + '\\n');
  })().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

export async function warmRuns(bundle: string, events: unknown[], recorderEndpoint: string, env: NodeJS.ProcessEnv, eventsFile: string) {
  writeFileSync(eventsFile, JSON.stringify(events));
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUNNER, bundle, eventsFile, recorderEndpoint], {
    env: { ...env, DYNAMODB_ENDPOINT: recorderEndpoint, SQS_ENDPOINT: recorderEndpoint },
    timeout: 120_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return resultOf<{ latenciesMs: number[]; cpuMs: number[]; peakRssMiB: number; statuses: number[] }>(stdout);
}

/**
 * The warm comparison, in one process holding both: the route's handler and its floor serve their events in
 * turn (the order swapped every time), so both meet the same moment of the stack (a consumer busy with the
 * previous route's messages, DynamoDB Local's collector) and the ratio is not one phase against another.
 * After two warm-up requests each, `events.length - 2` timed pairs.
 */
const COMPARE_RUNNER = `
  const RESULT = ${JSON.stringify(RESULT)};
  const [bundle, eventsFile, floorBundle, floorEventFile] = process.argv.slice(1);
  const events = JSON.parse(require('fs').readFileSync(eventsFile, 'utf8'));
  const floorEvent = JSON.parse(require('fs').readFileSync(floorEventFile, 'utf8'));
  const route = require(bundle).handler;
  const floor = require(floorBundle).handler;
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
  const timed = async (handler, event) => {
    const startedAt = performance.now();
    const result = await handler(event, context);
    return { ms: performance.now() - startedAt, status: result.statusCode };
  };
  (async () => {
    const statuses = [];
    const floorStatuses = [];
    const serveFloor = async () => {
      const served = await timed(floor, floorEvent);
      floorStatuses.push(served.status);
      return served.ms;
    };
    for (const event of events.slice(0, 2)) {
      statuses.push((await timed(route, event)).status);
      await serveFloor();
    }
    const latenciesMs = [];
    const floorMs = [];
    for (const [index, event] of events.slice(2).entries()) {
      const routeFirst = index % 2 === 0;
      if (!routeFirst) floorMs.push(await serveFloor());
      const served = await timed(route, event);
      latenciesMs.push(served.ms);
      statuses.push(served.status);
      if (routeFirst) floorMs.push(await serveFloor());
    }
    process.stdout.write('\\n' + RESULT + JSON.stringify({ latenciesMs, floorMs, statuses, floorStatuses }) + '\\n');
  })().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

export async function warmComparison(
  bundle: string,
  events: unknown[],
  floor: { bundle: string; event: unknown },
  recorderEndpoint: string,
  env: NodeJS.ProcessEnv,
  workFile: string,
) {
  writeFileSync(`${workFile}.events.json`, JSON.stringify(events));
  writeFileSync(`${workFile}.floor.json`, JSON.stringify(floor.event));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', COMPARE_RUNNER, bundle, `${workFile}.events.json`, floor.bundle, `${workFile}.floor.json`],
    { env: { ...env, DYNAMODB_ENDPOINT: recorderEndpoint, SQS_ENDPOINT: recorderEndpoint }, timeout: 300_000, maxBuffer: 10 * 1024 * 1024 },
  );
  return resultOf<{ latenciesMs: number[]; floorMs: number[]; statuses: number[]; floorStatuses: number[] }>(stdout);
}
