import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * One cold start: a fresh Node process loads the bundle and serves one event. Times are from the process's own
 * start (`performance.now()` counts from it), so they include Node's boot, as a Lambda cold start does.
 */
/** Marks the runner's own line: the handler writes its log and metric lines to the same stdout. */
export const RESULT = 'bench result: ';

/** The runner's result among the handler's own output. */
export function resultOf<T>(stdout: string): T {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT));
  if (!line) throw new Error(`the runner wrote no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT.length)) as T;
}

const RUNNER = `
  const RESULT = ${JSON.stringify(RESULT)};
  const [bundle, event] = [process.argv[1], JSON.parse(process.argv[2])];
  const { handler } = require(bundle);
  const loadedMs = performance.now();
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
  Promise.resolve(handler(event, context)).then((result) => {
    const cpu = process.cpuUsage();
    process.stdout.write('\\n' + RESULT + JSON.stringify({ loadedMs, servedMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, status: result && result.statusCode }) + '\\n');
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
  return resultOf<ColdStart>(stdout);
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
