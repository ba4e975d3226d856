import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * One cold start: a fresh Node process loads the bundle and serves one event. Times are from the process's own
 * start (`performance.now()` counts from it), so they include Node's boot, as a Lambda cold start does.
 */
const RUNNER = `
  const [bundle, event] = [process.argv[1], JSON.parse(process.argv[2])];
  const { handler } = require(bundle);
  const loadedMs = performance.now();
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
  Promise.resolve(handler(event, context)).then((result) => {
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ loadedMs, servedMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, status: result && result.statusCode }));
    process.exit(0);
  }, (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

export interface ColdStart {
  loadedMs: number;
  servedMs: number;
  /** CPU time of the whole process up to its first answer: Node's boot, the load, the first request. */
  cpuMs: number;
  status?: number;
}

export async function coldStart(bundle: string, event: unknown, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUNNER, bundle, JSON.stringify(event)], { env, timeout: 30_000 });
  return JSON.parse(stdout) as ColdStart;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
