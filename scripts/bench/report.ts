import { type Estimate, LATENCY_SLACK_MS, LATENCY_TOLERANCE, ONE_VCPU_MB, PRICES, ROUND_TRIP_MS } from './cost.ts';

export interface FunctionRow {
  functionKey: string;
  route?: string;
  bundleKiB: number;
  bundleRatio: number;
  coldStartMs?: number;
  /** The route's own floor: the raw AWS clients making the route's calls, cold (scripts/bench/replay-floor.ts). */
  floorColdStartMs?: number;
  /** How long the runs waited, in all, for the stack's consumers to finish (scripts/bench/quiet-stack.ts). */
  quietWaitMs?: number;
  coldStartRatio?: number;
  loadMs?: number;
  /** In one process, after a warm-up: the handler, and in turn with it the raw clients sending the same calls (its floor). */
  warmP50Ms?: number;
  warmP99Ms?: number;
  rawSdkP50Ms?: number;
  warmRatio?: number;
  /** DynamoDB calls and queue sends of one request, sequential round trips of both, and the capacity consumed. */
  calls?: number;
  sends?: number;
  rounds?: number;
  readUnits?: number;
  /** The fewest read units the items the calls returned allow (scripts/bench/call-recorder.ts, readUnitsFloor), and readUnits against it. */
  minReadUnits?: number;
  readUnitsRatio?: number;
  writeUnits?: number;
  /** CPU time of one warm request (median) and of a whole cold start, and the warm process's peak memory. */
  cpuMs?: number;
  coldCpuMs?: number;
  peakRssMiB?: number;
  /** The memory size chosen from these numbers, and what a million requests cost at it (scripts/bench/cost.ts). */
  memory?: Estimate;
  note?: string;
}

export interface BenchResults {
  measuredAt: string;
  machine: string;
  runsPerColdStart: number;
  floor: { bundleKiB: number; coldStartMs: number; loadMs: number };
  functions: FunctionRow[];
  load: { clients: number; seconds: number; requests: number; perSecond: number; p50Ms: number; p99Ms: number; errors: number; mix: string };
}

const fixed = (value: number | undefined, digits = 0) => (value === undefined ? '—' : value.toFixed(digits));

export function markdownTable(results: BenchResults): string {
  const times = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)}×`);
  const rows = results.functions.map(
    (row) =>
      `| \`${row.functionKey}\` | ${row.route ?? ''} | ${fixed(row.bundleKiB)} | ${times(row.bundleRatio)} | ${fixed(row.loadMs)} | ${fixed(row.coldStartMs)} | ${fixed(row.floorColdStartMs)} | ${times(row.coldStartRatio)} | ${fixed(row.warmP50Ms, 1)} / ${fixed(row.warmP99Ms, 1)} | ${fixed(row.rawSdkP50Ms, 1)} | ${times(row.warmRatio)} | ${fixed(row.calls)} / ${fixed(row.sends)} / ${fixed(row.rounds)} | ${fixed(row.readUnits, 1)} / ${fixed(row.minReadUnits, 1)} | ${times(row.readUnitsRatio)} | ${fixed(row.writeUnits, 1)} | ${row.note ?? ''} |`,
  );
  const { load, floor } = results;
  return [
    `Measured ${results.measuredAt} on ${results.machine}; cold starts are medians of ${results.runsPerColdStart} fresh Node processes, each loading the bundle and serving one event against DynamoDB Local.`,
    '',
    `Bundle floor: a handler with only the DynamoDB document client and one GetItem, built with the same settings: ${fixed(floor.bundleKiB)} KiB, loaded after ${fixed(floor.loadMs)} ms, first answer ${fixed(floor.coldStartMs)} ms after the process started.`,
    '',
    "Each route's own floor (cold and warm): a handler with only the raw AWS clients that sends the calls the route's handler sent, DynamoDB calls and queue sends, round by round (`scripts/bench/replay-floor.ts`, same build settings; the SQS client is loaded only by the floor of a route that sends; its writes go with conditions that hold and without the route's idempotency token, so it writes as the route did, and a refused call stops the bench; and the floors of register and login also compute the one scrypt hash their route computes, at the same parameters), so a ratio is what our code costs beyond the I/O and the password hashing the route needs. Cold: a fresh process for each run, the route's and its floor's taken in turn, each on a quiet stack (the bench waits until the consumers of the messages earlier runs sent are done, as a Lambda cold start has its cores to itself: `scripts/bench/quiet-stack.ts`); × is the median of the runs' paired ratios (each route run against the floor run beside it), which a slow moment of the shared machine moves less than a ratio of the two medians. Warm: p50 / p99 in one process that holds both and serves the route's request and the floor's in turn after a warm-up, both through the bench's recording proxy (so neither is measured at a quieter moment of the stack than the other). Calls, sends, rounds and read / write units are for one request (rounds: sequential round trips, DynamoDB and SQS together; read units as DynamoDB Local reports them, or the minimum where it reports less (for a Query that finds nothing it reports 0; DynamoDB bills half a unit), beside that minimum: what DynamoDB bills for the items the calls returned, half a unit per 4 KB begun, an item read alone by its own size, a query's items together, half a unit for each read that found nothing; write units counted from the items written, a transaction's at 2 per KB of each, which is the minimum for those writes). That minimum is per call: that lists and feeds read no bodies they do not return is shown by `tests/functions/articles/read-units.test.ts`, where a page of 60,000-character articles costs the read units of one-line ones.",
    '',
    '| function | route | bundle KiB | × floor | loaded (ms) | cold: first answer (ms) | its floor (ms) | × | warm p50 / p99 (ms) | floor p50 (ms) | × | DynamoDB calls / queue sends / rounds | RCU / minimum | × | WCU | |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Load run on \`npm start\`: ${load.clients} concurrent clients for ${load.seconds.toFixed(0)} s (${load.mix}): ${load.requests} requests, ${load.perSecond.toFixed(0)}/s, p50 ${load.p50Ms.toFixed(0)} ms, p99 ${load.p99Ms.toFixed(0)} ms, **${load.errors} errors**.`,
    '',
    '![cold start per function against the floor](cold-start.svg)',
    '',
    costTable(results),
  ].join('\n');
}

/** Horizontal bars: each function's cold start, with the floor's as a line across. */
export function coldStartChart(results: BenchResults): string {
  const measured = results.functions.filter((row) => row.coldStartMs !== undefined);
  const barHeight = 18;
  const labelWidth = 170;
  const chartWidth = 520;
  const top = 30;
  const max = Math.max(results.floor.coldStartMs, ...measured.map((row) => row.coldStartMs!)) * 1.1;
  const x = (ms: number) => labelWidth + (ms / max) * chartWidth;
  const height = top + measured.length * (barHeight + 4) + 30;
  const bars = measured.map((row, index) => {
    const y = top + index * (barHeight + 4);
    return [
      `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end" font-size="12">${row.functionKey}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${(x(row.coldStartMs!) - labelWidth).toFixed(1)}" height="${barHeight}" fill="#4a7fb5"/>`,
      row.floorColdStartMs === undefined
        ? ''
        : `<line x1="${x(row.floorColdStartMs).toFixed(1)}" y1="${y - 1}" x2="${x(row.floorColdStartMs).toFixed(1)}" y2="${y + barHeight + 1}" stroke="#c0392b" stroke-width="2"/>`,
      `<text x="${(x(row.coldStartMs!) + 4).toFixed(1)}" y="${y + 13}" font-size="11">${row.coldStartMs!.toFixed(0)} ms (${row.coldStartRatio!.toFixed(2)}×)</text>`,
    ].join('');
  });
  const floorX = x(results.floor.coldStartMs).toFixed(1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 130}" height="${height}" font-family="sans-serif">`,
    '<title>Cold start per function against the floor</title>',
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">Cold start: first answer after process start (median of ${results.runsPerColdStart})</text>`,
    ...bars,
    `<line x1="${floorX}" y1="${top - 4}" x2="${floorX}" y2="${height - 24}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4 3"/>`,
    `<text x="${floorX}" y="${height - 8}" font-size="11" fill="#c0392b" text-anchor="middle">bundle floor ${results.floor.coldStartMs.toFixed(0)} ms (red ticks: each route's own floor)</text>`,
    '</svg>',
    '',
  ].join('\n');
}

const usd = (value: number) => `$${value.toFixed(2)}`;

/** Memory size per function and the cost of a million requests at it: the model in scripts/bench/cost.ts. */
function costTable(results: BenchResults): string {
  const measured = results.functions.filter((row) => row.memory);
  const rows = measured.map((row) => {
    const memory = row.memory!;
    return `| \`${row.functionKey}\` | ${fixed(row.cpuMs, 1)} | ${fixed(row.coldCpuMs)} | ${fixed(row.peakRssMiB)} | **${memory.memoryMb}** | ${fixed(memory.warmMs)} / ${fixed(memory.coldMs)} | ${usd(memory.lambda)} | ${usd(memory.dynamodb)} | ${usd(memory.apiGateway)} | **${usd(memory.total)}** |`;
  });
  return [
    '## Memory size and cost per million requests',
    '',
    `Lambda gives a function CPU in proportion to its memory (one vCPU at ${ONE_VCPU_MB} MB; our code runs on one thread, so more buys nothing). From the CPU time each request used here, a request's duration at a size is \`CPU ms × ${ONE_VCPU_MB} / MB\` (below one vCPU) plus ${ROUND_TRIP_MS} ms for each sequential DynamoDB round trip. Below one vCPU the CPU part of the bill is the same at every size and only the waiting grows with memory, so cost falls with memory while latency rises. Each function gets the cheapest size whose warm duration is within ${LATENCY_TOLERANCE}× (or ${LATENCY_SLACK_MS} ms) of its fastest and which holds its peak memory with 64 MB to spare; \`serverless.yml\` sets exactly these sizes (\`tests/unit/scripts/memory-sizes.test.ts\` checks it against \`scripts/bench/results.json\`).`,
    '',
    `Prices: us-east-1, arm64, on demand: Lambda $${PRICES.lambdaPerGbSecond} per GB-second and $${PRICES.lambdaPerMillionRequests} per million requests, HTTP API $${PRICES.httpApiPerMillionRequests} per million, DynamoDB $${PRICES.dynamodbPerMillionReadUnits} per million read units and $${PRICES.dynamodbPerMillionWriteUnits} per million write units (units as the table above gives them). Not included: the queue messages and consumer runs a write causes, CloudWatch logs, data transfer, free tiers. The CPU was measured on this machine's cores, not Graviton's: read the durations as estimates.`,
    '',
    '| function | CPU ms / request | CPU ms / cold start | peak MiB | memory MB | warm / cold ms (est.) | Lambda | DynamoDB | API Gateway | total per million |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
