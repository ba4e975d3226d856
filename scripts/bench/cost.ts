// Memory size and cost per million requests of each route, from what the bench measured on this machine.
// The model, and why each function's memorySize in serverless.yml is what it is, are in scripts/bench/RESULTS.md.

/** On-demand list prices, us-east-1, arm64, as published in November 2026 (USD). */
export const PRICES = {
  lambdaPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  httpApiPerMillionRequests: 1.0,
  dynamodbPerMillionReadUnits: 0.125,
  dynamodbPerMillionWriteUnits: 0.625,
};

/** Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB. Node runs our code on one thread, so more buys nothing. */
export const ONE_VCPU_MB = 1769;
/** What one sequential DynamoDB round trip waits inside an AWS region (a single-item call is single-digit ms; transactions take longer). */
export const ROUND_TRIP_MS = 6;
export const MEMORY_SIZES_MB = [128, 256, 512, 1024, 1769] as const;
/** Memory the bench must leave free above the peak it measured: the runtime's own share and a margin for bigger payloads. */
const HEADROOM_MB = 64;
/**
 * A size is chosen if its warm duration is within this factor of the fastest size's, or within LATENCY_SLACK_MS
 * of it (a route that does next to nothing would otherwise take the largest size to save a fraction of a ms).
 */
export const LATENCY_TOLERANCE = 1.5;
export const LATENCY_SLACK_MS = 5;

export interface Measured {
  /** CPU time of one warm request, on a core of this machine. */
  cpuMs: number;
  /** CPU time of a cold start: boot, load, first request. */
  coldCpuMs: number;
  rounds: number;
  readUnits: number;
  writeUnits: number;
  peakRssMiB: number;
}

export interface Estimate {
  memoryMb: number;
  warmMs: number;
  coldMs: number;
  /** USD per million warm requests, by part. */
  lambda: number;
  dynamodb: number;
  apiGateway: number;
  total: number;
}

const cpuScale = (memoryMb: number) => Math.max(1, ONE_VCPU_MB / memoryMb);

export function estimate(measured: Measured, memoryMb: number): Estimate {
  const warmMs = measured.cpuMs * cpuScale(memoryMb) + measured.rounds * ROUND_TRIP_MS;
  const coldMs = measured.coldCpuMs * cpuScale(memoryMb) + measured.rounds * ROUND_TRIP_MS;
  // Lambda bills each invocation's duration rounded up to the millisecond.
  const lambda = Math.ceil(warmMs) * (memoryMb / 1024) * (PRICES.lambdaPerGbSecond / 1000) * 1e6 + PRICES.lambdaPerMillionRequests;
  const dynamodb = measured.readUnits * PRICES.dynamodbPerMillionReadUnits + measured.writeUnits * PRICES.dynamodbPerMillionWriteUnits;
  const apiGateway = PRICES.httpApiPerMillionRequests;
  return { memoryMb, warmMs, coldMs, lambda, dynamodb, apiGateway, total: lambda + dynamodb + apiGateway };
}

/**
 * The cheapest size whose warm duration is within LATENCY_TOLERANCE (or LATENCY_SLACK_MS) of the fastest size's and which holds the
 * peak memory measured with headroom. Below one vCPU the CPU part of the bill is the same at any size (half the
 * memory, twice the time) and only the wait on DynamoDB grows with memory, so cost falls with memory while
 * latency rises: the tolerance is where we stop trading one for the other.
 */
export function chooseMemory(measured: Measured): Estimate {
  const fits = MEMORY_SIZES_MB.filter((size) => size >= measured.peakRssMiB + HEADROOM_MB).map((size) => estimate(measured, size));
  const fastest = Math.min(...fits.map((option) => option.warmMs));
  const acceptable = fits.filter((option) => option.warmMs <= Math.max(fastest * LATENCY_TOLERANCE, fastest + LATENCY_SLACK_MS));
  return acceptable.reduce((best, option) => (option.total < best.total ? option : best));
}
